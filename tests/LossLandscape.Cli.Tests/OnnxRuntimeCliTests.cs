using System.Globalization;
using System.Text.Json;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary>A graph that is not an MLP (the fixture CNN) evaluated by ONNX Runtime along its checkpoints.</summary>
public sealed class OnnxRuntimeCliTests
{
    private static string Fixture(string name) => Path.Combine(Reference.RepositoryRoot, "tests", "fixtures", name);

    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Fixture("cnn.json"))).RootElement;

    private static string[] Cnn => ["--model", Fixture("cnn.onnx"), "--data", Fixture("cnn.csv"), "--target", "label", "--split", "column", "--loss", "cross-entropy"];

    private static string Checkpoints => string.Join(',', Expected.GetProperty("checkpoints").EnumerateArray().Select(c => Fixture(c.GetProperty("file").GetString()!)));

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void TheCnnsSurfaceAndCheckpointsOnASavedPlaneEqualPyTorchs()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run(["run", .. Cnn, "--checkpoints", Checkpoints, "--directions", Fixture("cnn-directions.json"), "--a-range", "-1:1.25:0.5", "--b-range", "-1:1.25:0.5", "--no-extend", "--surface", "test,accuracy", "--out", dir]);
        Assert.True(exit == 0, error);
        Assert.Contains("Checkpoints: 5 evaluated", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "accuracy.html")), output);

        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var loss = surface.RootElement.GetProperty("loss");
        var expected = Expected.GetProperty("test_loss");
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                var want = expected[i][j].GetDouble();
                Assert.True(Math.Abs(loss[i][j].GetDouble() - want) <= 1e-5 * want, $"({i}, {j}): {loss[i][j]} vs {want}");
            }
        }

        var checkpoints = Expected.GetProperty("checkpoints").EnumerateArray().ToArray();
        Assert.Equal(checkpoints[^1].GetProperty("test_accuracy").GetDouble(), surface.RootElement.GetProperty("accuracy")[2][2].GetDouble());
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectory.csv"));
        Assert.Equal(checkpoints.Length, rows.Count);
        for (var k = 0; k < rows.Count; k++)
        {
            Assert.Equal(checkpoints[k].GetProperty("a").GetDouble(), Number(rows[k]["a"]), 1e-9);
            Assert.Equal(checkpoints[k].GetProperty("b").GetDouble(), Number(rows[k]["b"]), 1e-9);
            Assert.Equal(checkpoints[k].GetProperty("distance").GetDouble(), Number(rows[k]["distance"]), 1e-9);
            foreach (var (column, key) in new[] { ("test_loss", "test_loss"), ("train_loss", "train_loss"), ("surface_loss", "surface_loss") })
            {
                var want = checkpoints[k].GetProperty(key).GetDouble();
                Assert.True(Math.Abs(Number(rows[k][column]) - want) <= 1e-5 * want, $"checkpoint {k} {column}: {rows[k][column]} vs {want}");
            }
        }

        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var resolved = run.RootElement.GetProperty("resolved");
        Assert.Equal(5, resolved.GetProperty("checkpoints").GetArrayLength());
        Assert.StartsWith("cnn.onnx (ONNX Runtime; input 'image' [batch×1×8×8], output 'logits' [batch×3])", resolved.GetProperty("model").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheToolsOwnRandomPlaneIsNumpysDirectionsFilterNormalisedPerOutputChannel()
    {
        // The generator drew the fixture's plane as the tool does: RandomState(3).normal twice, then filter normalisation.
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", .. Cnn, "--plane", "random", "--direction-seed", "3", "--a-range", "-1:1.25:0.5", "--b-range", "-1:1.25:0.5", "--out", dir]);
        Assert.True(exit == 0, error);
        using var mine = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "directions.json")));
        using var theirs = JsonDocument.Parse(File.ReadAllText(Fixture("cnn-directions.json")));
        foreach (var vector in new[] { "origin", "d1", "d2" })
        {
            var a = mine.RootElement.GetProperty(vector).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var b = theirs.RootElement.GetProperty(vector).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(b.Length, a.Length);
            Assert.All(a.Zip(b), p => Assert.Equal(p.Second, p.First, 1e-12));
        }

        // Without --checkpoints the path is the model's own weights: one record at the centre.
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectory.csv"));
        Assert.Single(rows);
        Assert.Equal(0, Number(rows[0]["distance"]));
    }

    public static TheoryData<string[], string> BadInput => new()
    {
        { ["--checkpoints", "CLASSIFIER_ONNX"], "error: --checkpoints: classifier.onnx is not the same graph as cnn.onnx: its weights are 0.weight [16×2], 0.bias [16], 2.weight [3×16], 2.bias [3]; cnn.onnx has 0.weight [4×1×3×3], 0.bias [4], 3.weight [3×144], 3.bias [3]" },
        { ["--input", "pixels"], "error: --input: cnn.onnx has no input 'pixels'; its inputs are 'image'" },
        { ["--output", "probabilities"], "error: --output: cnn.onnx has no output 'probabilities'; its outputs are 'logits'" },
        { ["--features", "p0,p1"], "error: --model: cnn.onnx (ONNX Runtime; input 'image' [batch×1×8×8], output 'logits' [batch×3]) takes 64 values per sample; the data have 2 input column(s) (pick --features to match)" },
        { ["--lr", "0.1"], "error: --model: cnn.onnx: operator Conv (node '/0/Conv') is not part of an MLP; ONNX Runtime will evaluate such a graph, which slices it without training: leave out --lr (the path is --checkpoints)" },
        { ["--epochs", "3"], "error: --model: cnn.onnx: operator Conv (node '/0/Conv') is not part of an MLP; ONNX Runtime will evaluate such a graph, which slices it without training: leave out --epochs (the path is --checkpoints)" },
        { ["--checkpoints", "MISSING"], "error: --checkpoints: cannot read MISSING" },
        { ["--surface", "sharpness"], "error: --surface: the sharpness map needs gradients, which an evaluated ONNX graph does not give" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputIsOneLineExit2AndNothingWritten(string[] extra, string expected)
    {
        var missing = Path.Combine(CliRunner.TempDirectory(), "missing.onnx");
        extra = [.. extra.Select(a => a.Replace("CLASSIFIER_ONNX", Fixture("classifier.onnx"), StringComparison.Ordinal).Replace("MISSING", missing, StringComparison.Ordinal))];
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", .. Cnn, .. extra, "--out", dir]);
        Assert.Equal(2, exit);
        Assert.StartsWith(expected.Replace("MISSING", missing, StringComparison.Ordinal), error.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.TrimEnd());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void CompareRefusesAGraphItCannotTrain()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["compare", .. Cnn, "--out", dir]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --model: compare trains one model per run, and cnn.onnx (ONNX Runtime;", error.TrimEnd(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void CheckpointsWithoutAModelAreRefused()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--checkpoints", Fixture("cnn.onnx"), "--out", dir]);
        Assert.Equal(2, exit);
        Assert.Equal("error: --checkpoints: belongs to --model FILE.onnx (a graph evaluated by ONNX Runtime); give --model", error.TrimEnd());
        Assert.False(Directory.Exists(dir));
    }
}
