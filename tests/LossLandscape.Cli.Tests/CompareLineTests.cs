using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LossLandscape.Cli.Tests;

/// <summary><c>compare --plane line</c>: every contestant projected onto one line through the shared start.</summary>
public sealed partial class CompareLineTests
{
    private static readonly string[] Race = ["compare", "--samples", "500", "--epochs", "4", "--plotlyjs", "cdn", "--layers", "1,4,1", "--bias", "--plane", "line", "--alpha-range", "-0.5:1.5:0.25", "--run", "sgd --lr 0.05", "--run", "adam --lr 0.05"];

    [Fact]
    public void TheLineRunsFromTheSharedStartToTheFirstRunsEndAndEveryRecordIsProjectedOntoIt()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run([.. Race, "--out", dir]);
        Assert.True(exit == 0, error);
        Assert.Equal([".losslandscape-run", "directions.json", "line.csv", "line.html", "run.json", "trajectories.csv", "weights.npy"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Wrote line.html, line.csv, trajectories.csv, weights.npy, directions.json and run.json", output, StringComparison.Ordinal);

        Assert.Equal("run,epoch,step,test_loss,train_loss,lr,alpha,distance,surface_loss", File.ReadLines(Path.Combine(dir, "trajectories.csv")).First());
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));
        var sgd = rows.Where(r => r["run"] == "sgd --lr 0.05").ToArray();
        var adam = rows.Where(r => r["run"] == "adam --lr 0.05").ToArray();
        Assert.Equal(5, sgd.Length);
        Assert.Equal(5, adam.Length);

        // Both start at α = 0 on the line; the first contestant ends at α = 1 on it; the other is off it.
        Assert.All(new[] { sgd[0], adam[0] }, r =>
        {
            Assert.Equal(0, Number(r["alpha"]), 12);
            Assert.InRange(Number(r["distance"]), 0, 1e-12);
            Assert.Equal(Number(r["test_loss"]), Number(r["surface_loss"]), 12);
        });
        Assert.Equal(1, Number(sgd[^1]["alpha"]), 12);
        Assert.InRange(Number(sgd[^1]["distance"]), 0, 1e-10);
        Assert.Equal(Number(sgd[^1]["test_loss"]), Number(sgd[^1]["surface_loss"]), 10);
        Assert.True(Number(adam[^1]["distance"]) > 1e-3, "adam's path should leave sgd's line");

        // line.csv at α = 0 and 1 holds the endpoints' true losses.
        var line = CliRunner.Csv(Path.Combine(dir, "line.csv"));
        var zero = line.Single(r => Number(r["alpha"]) == 0);
        var one = line.Single(r => Number(r["alpha"]) == 1);
        Assert.Equal(Number(sgd[0]["test_loss"]), Number(zero["test_loss"]), 12);
        Assert.Equal(Number(sgd[0]["train_loss"]), Number(zero["train_loss"]), 12);
        Assert.Equal(Number(sgd[^1]["test_loss"]), Number(one["test_loss"]), 10);
        Assert.Equal(Number(sgd[^1]["train_loss"]), Number(one["train_loss"]), 10);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var results = manifest.RootElement.GetProperty("results");
        Assert.Equal(line.Min(r => Number(r["test_loss"])), results.GetProperty("line_minimum").GetProperty("loss").GetDouble());
        var finals = results.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("final")).ToArray();
        Assert.Equal(Number(adam[^1]["alpha"]), finals[1].GetProperty("alpha").GetDouble());
        Assert.Equal(Number(adam[^1]["distance"]), finals[1].GetProperty("distance").GetDouble());

        // line.html: the two curves, then each contestant's marks on both, in its race colour, one legend entry each.
        var html = File.ReadAllText(Path.Combine(dir, "line.html"));
        using var figure = JsonDocument.Parse(FigureJson().Match(html).Groups[1].Value);
        var traces = figure.RootElement.GetProperty("data").EnumerateArray().ToArray();
        var legend = traces.Where(t => t.TryGetProperty("showlegend", out var s) ? s.GetBoolean() : true).Select(t => t.GetProperty("name").GetString()!).ToArray();
        Assert.Equal<string>(["training loss", "test loss", "sgd --lr 0.05", "adam --lr 0.05"], legend);
        var marks = traces.Where(t => t.TryGetProperty("legendgroup", out var g) && g.GetString() == "adam --lr 0.05").ToArray();
        Assert.Equal(2, marks.Length);
        Assert.All(marks, t => Assert.Equal(adam.Select(r => Number(r["alpha"])), t.GetProperty("x").EnumerateArray().Select(x => x.GetDouble())));
        Assert.Single(marks.Select(t => t.GetProperty("marker").GetProperty("color").GetString()).Distinct());
    }

    [Fact]
    public void FromAndToNameTheLineAndItsDirectionsRedrawIt()
    {
        var first = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run([.. Race, "--out", first]);
        Assert.True(exit == 0, error);

        // The line from the shared start to adam's end (row 9 of weights.npy: sgd's 5 records, then adam's).
        var weights = Path.Combine(first, "weights.npy");
        var dir = CliRunner.TempDirectory();
        (exit, _, error) = CliRunner.Run([.. Race, "--from", weights + ":0", "--to", weights + ":9", "--out", dir]);
        Assert.True(exit == 0, error);
        var adam = CliRunner.Csv(Path.Combine(dir, "trajectories.csv")).Where(r => r["run"] == "adam --lr 0.05").ToArray();
        Assert.Equal(1, Number(adam[^1]["alpha"]), 12);
        Assert.InRange(Number(adam[^1]["distance"]), 0, 1e-10);

        // The saved line redraws the same losses.
        var again = CliRunner.TempDirectory();
        string[] withoutPlane = [.. Race.Where((_, i) => Race[i] != "--plane" && (i == 0 || Race[i - 1] != "--plane"))];
        (exit, _, error) = CliRunner.Run([.. withoutPlane, "--directions", Path.Combine(dir, "directions.json"), "--out", again]);
        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "line.csv")), File.ReadAllText(Path.Combine(again, "line.csv")));

        // A saved line is drawn over --alpha-range, not a plane's grid.
        var refused = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run([.. withoutPlane, "--directions", Path.Combine(dir, "directions.json"), "--a-range", "0:1:0.5", "--out", refused]);
        Assert.Equal(2, exit);
        Assert.Equal("error: --a-range: the saved directions describe a line, drawn over --alpha-range", error.Trim());
        Assert.False(Directory.Exists(refused));
    }

    [Fact]
    public void AFirstRunThatDivergesAtOnceLeavesNoLineAndSaysWhy()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run("compare", "--samples", "300", "--epochs", "2", "--layers", "1,4,1", "--bias", "--plane", "line", "--run", "sgd --lr 1e6", "--run", "adam --lr 0.01", "--plotlyjs", "cdn", "--out", dir);
        Assert.Equal(2, exit);
        Assert.EndsWith("error: --plane: the line runs from the shared start to the first run's last record, and run 'sgd --lr 1e6' kept only its start (it diverged in its first epoch); put another run first or name the line's end with --to", error.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex("<script type=\"application/json\" id=\"figure-0-json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex FigureJson();
}
