using System.Globalization;
using System.Text.Json;

namespace LossLandscape.Cli.Tests;

/// <summary>The model and plane options on the command line: the files they write and the errors they give.</summary>
public sealed class PlaneOptionsTests
{
    private static readonly string[] Small = ["--samples", "500", "--epochs", "3", "--plotlyjs", "cdn"];

    private static readonly string[] SmallMlp = [.. Small, "--layers", "1,4,1", "--bias", "--a-range", "-1:1:0.25", "--b-range", "-1:1:0.25"];

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "--layers", ["--layers", "1"] },
        { "--layers", ["--layers", "1,0,1"] },
        { "--layers", ["--layers", "2,4,1"] },
        { "--layers", ["--layers", "1,4,2"] },
        { "--layers", ["--layers", "1,a,1"] },
        { "--activation", ["--layers", "1,4,1", "--activation", "swish"] },
        { "--hidden", ["--hidden", "4", "--layers", "1,4,1"] },
        { "--plane", ["--layers", "1,4,1", "--bias", "--plane", "weights"] },
        { "--plane", ["--plane", "cube"] },
        { "--plane", ["--plane", "points:0,1,99"] },
        { "--plane", ["--plane", "points:0,1"] },
        { "--plane", ["--plane", "points:0,1,/nonexistent/w.npy"] },
        { "--plane", ["--plane", "pca", "--epochs", "1"] },
        { "--init-weights", ["--init-weights", "/nonexistent/start.npy"] },
        { "--directions", ["--layers", "1,4,1", "--bias", "--directions", "/nonexistent/directions.json"] },
        { "--directions", ["--directions", "/nonexistent/directions.json", "--plane", "random"] },
        { "--config", ["--config", "/nonexistent/run.json"] },
        { "--init", ["--layers", "1,4,4,1", "--init", "1,1"] },
        { "--init-seed", ["--init", "1,1", "--init-seed", "3"] },
        { "--w1", ["--plane", "random", "--w1", "-1:1:0.1"] },
        { "--normalize", ["--plane", "pca", "--normalize", "layer"] },
        { "--direction-seed", ["--plane", "weights", "--direction-seed", "3"] },
        { "--a-range", ["--plane", "line", "--a-range", "0:1:0.5"] },
        { "--alpha-range", ["--alpha-range", "0:1:0.5"] },
        { "--from", ["--plane", "random", "--from", "/nonexistent/w.npy"] },
        { "--surface", ["--surface", "loss"] },
        { "--precision", ["--precision", "float16"] },
        { "--precision", ["--plane", "line", "--precision", "float64"] },
        { "--start", ["--layers", "1,4,1", "--bias", "--plane", "random", "--start", "0.5,0.5"] },
        { "--start", ["--plane", "pca", "--start", "0.5,0.5"] },
        { "--start", ["--start", "0.5,0.5"] },
        { "--start", ["--layers", "1,4,1", "--bias", "--plane", "random", "--center", "init", "--start", "0.5"] },
        { "--start", ["--layers", "1,4,1", "--bias", "--plane", "random", "--center", "init", "--start", "2e6,0"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGetsOneLineNamingTheOptionExitTwoAndNothingWritten(string option, string[] args)
    {
        var dir = CliRunner.NewDirectoryPath();
        string[] epochs = args.Contains("--epochs") ? [] : ["--epochs", "3"];
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--samples", "500", "--plotlyjs", "cdn", .. epochs, .. args]);
        Assert.Equal(2, exit);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {option}:", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "nothing is written");
    }

    [Fact]
    public void WrongSizedStartIsRefused()
    {
        var file = Path.Combine(CliRunner.TempDirectory(), "start.json");
        File.WriteAllText(file, "[1, 2, 3]");
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, .. SmallMlp, "--init-weights", file]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --init-weights:", error, StringComparison.Ordinal);
        Assert.Contains("has 3 parameters; the model has 13", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void RandomPlaneWritesProjectionsDirectionsWeightsAndEverySurface()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run(["run", "--out", dir, .. SmallMlp, "--plane", "random", "--surface", "all", "--precision", "float64"]);
        Assert.True(exit == 0, error);
        Assert.Contains("Projection: the records lie up to", output, StringComparison.Ordinal);

        var rows = CliRunner.Csv(Path.Combine(dir, "trajectory.csv"));
        Assert.Equal(4, rows.Count);
        Assert.Equal(["epoch", "step", "test_loss", "train_loss", "lr", "a", "b", "distance", "surface_loss"], rows[0].Keys.ToArray());

        // The plane is centred on the last record: it lies on the plane at (0, 0), with its own loss.
        var last = rows[^1];
        Assert.Equal(0, Number(last["distance"]));
        Assert.Equal(Number(last["test_loss"]), Number(last["surface_loss"]), 1e-12);
        Assert.True(Number(rows[0]["distance"]) > 0);

        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var root = surface.RootElement;
        Assert.Equal(["a", "b"], root.GetProperty("axes").EnumerateArray().Select(e => e.GetString()));
        var a = root.GetProperty("a").GetArrayLength();
        foreach (var name in new[] { "loss", "train_loss", "gap" })
        {
            Assert.Equal(a, root.GetProperty(name).GetArrayLength());
        }

        var gap = root.GetProperty("gap")[0][0].GetDouble();
        Assert.Equal(root.GetProperty("loss")[0][0].GetDouble() - root.GetProperty("train_loss")[0][0].GetDouble(), gap);

        using var directions = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "directions.json")));
        Assert.Equal("random", directions.RootElement.GetProperty("plane").GetString());
        Assert.Equal(13, directions.RootElement.GetProperty("d1").GetArrayLength());

        // weights.npy: records × parameters float64, rows in trajectory.csv's order.
        var npy = File.ReadAllBytes(Path.Combine(dir, "weights.npy"));
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }, npy[..6]);
        Assert.Contains("'shape': (4, 13)", System.Text.Encoding.ASCII.GetString(npy, 10, 60), StringComparison.Ordinal);

        var html = File.ReadAllText(Path.Combine(dir, "contour.html"));
        Assert.Contains("distance", html, StringComparison.Ordinal);
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal("random", run.RootElement.GetProperty("options").GetProperty("plane").GetString());
    }

    [Fact]
    public void ConfigRerunsARunBitForBit()
    {
        var first = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", first, .. SmallMlp, "--plane", "pca", "--activation", "relu", "--init-seed", "5"]);
        Assert.True(exit == 0, error);
        var second = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run(["run", "--config", Path.Combine(first, "run.json"), "--out", second]);
        Assert.True(exit == 0, error);
        foreach (var file in new[] { "surface.json", "trajectory.csv", "directions.json", "weights.npy" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
        }

        // An option given beside --config overrides the file's; the others still come from the file.
        var third = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run(["run", "--config", Path.Combine(first, "run.json"), "--out", third, "--epochs", "2"]);
        Assert.True(exit == 0, error);
        using var rerun = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(third, "run.json")));
        var options = rerun.RootElement.GetProperty("options");
        Assert.Equal("2", options.GetProperty("epochs").GetString());
        Assert.Equal("relu", options.GetProperty("activation").GetString());
        Assert.Equal("5", options.GetProperty("init-seed").GetString());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(third, "trajectory.csv")).Length - 1);
    }

    [Fact]
    public void LineWritesItsCsvAndViewAndStartsFromASavedRecord()
    {
        var first = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", first, .. SmallMlp]);
        Assert.True(exit == 0, error);
        var dir = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run(["run", "--out", dir, .. Small, "--layers", "1,4,1", "--bias", "--plane", "line", "--alpha-range", "-0.5:1.5:0.25", "--init-weights", Path.Combine(first, "weights.npy") + ":-1"]);
        Assert.True(exit == 0, error);

        var line = File.ReadAllLines(Path.Combine(dir, "line.csv"));
        Assert.Equal("alpha,train_loss,test_loss", line[0]);
        Assert.Equal(1 + 8, line.Length);
        Assert.True(File.Exists(Path.Combine(dir, "line.html")));
        Assert.False(File.Exists(Path.Combine(dir, "surface.json")));

        // The run starts where the first one ended (its last row of weights.npy), and α = 0 is that start.
        var previous = CliRunner.Csv(Path.Combine(first, "trajectory.csv"));
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectory.csv"));
        Assert.Equal(previous[^1]["test_loss"], rows[0]["test_loss"]);
        Assert.Equal(0, Number(rows[0]["alpha"]));
        var atZero = line.Skip(1).Select(l => l.Split(',')).Single(f => Number(f[0]) == 0);
        Assert.Equal(rows[0]["test_loss"], atZero[2]);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void StartOnThePlaneIsTheFirstRecordAtThoseCoordinates()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, .. SmallMlp, "--plane", "random", "--center", "init", "--start", "0.375,-0.25"]);
        Assert.True(exit == 0, error);
        var first = File.ReadLines(Path.Combine(dir, "trajectory.csv")).Skip(1).First().Split(',');
        var header = File.ReadLines(Path.Combine(dir, "trajectory.csv")).First().Split(',');
        double At(string column) => double.Parse(first[Array.IndexOf(header, column)], CultureInfo.InvariantCulture);

        // θ₀ + a·d₁ + b·d₂ projects back onto (a, b) at distance 0, on the plane drawn around θ₀ (not around the start).
        Assert.Equal(0.375, At("a"), 12);
        Assert.Equal(-0.25, At("b"), 12);
        Assert.Equal(0, At("distance"), 12);
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal("0.375,-0.25", run.RootElement.GetProperty("options").GetProperty("start").GetString());
    }
}
