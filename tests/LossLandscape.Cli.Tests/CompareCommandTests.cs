using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LossLandscape.Cli.Commands;

namespace LossLandscape.Cli.Tests;

public sealed partial class CompareCommandTests
{
    [Fact]
    public void TheDefaultRaceWritesEveryFileWithOneLabelledTracePerRun()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run("compare", "--epochs", "5", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Equal([".losslandscape-run", "analysis.json", "compare.html", "contour.html", "directions.json", "run.json", "surface.json", "trajectories.csv", "weights.npy"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Wrote compare.html, contour.html, analysis.json, trajectories.csv, surface.json, weights.npy, directions.json and run.json", output, StringComparison.Ordinal);

        using var figure = Figure(dir);
        var data = figure.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal("surface", data[0].GetProperty("type").GetString());
        var legend = data.Where(t => t.GetProperty("type").GetString() == "scatter3d" && t.TryGetProperty("showlegend", out var s) && s.GetBoolean()).ToArray();
        Assert.Equal(CompareSettings.DefaultRuns, legend.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(5, legend.Select(t => t.GetProperty("line").GetProperty("color").GetString()).Distinct().Count());

        // One test-loss line per run below the surface, toggled with it by the legend group.
        var chart = data.Where(t => t.GetProperty("type").GetString() == "scatter").ToArray();
        Assert.Equal(legend.Select(t => t.GetProperty("legendgroup").GetString()), chart.Select(t => t.GetProperty("legendgroup").GetString()));
        Assert.All(chart, t => Assert.Equal(6, t.GetProperty("y").GetArrayLength()));

        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));
        Assert.Equal("run,epoch,step,w1,w2,test_loss,train_loss,lr,a,b,distance,surface_loss", File.ReadLines(Path.Combine(dir, "trajectories.csv")).First());
        Assert.Equal(CompareSettings.DefaultRuns, rows.Select(r => r["run"]).Distinct());
        Assert.Equal(5 * 6, rows.Count);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal("compare", manifest.RootElement.GetProperty("command").GetString());
        Assert.Equal("5", manifest.RootElement.GetProperty("options").GetProperty("epochs").GetString());
        var runs = manifest.RootElement.GetProperty("results").GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(["sgd", "adam", "adamw", "rmsprop", "adagrad"], runs.Select(r => r.GetProperty("training").GetProperty("optimizer").GetString()));
        Assert.All(runs, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("diverged").ValueKind));
        Assert.Equal(0.1, runs[2].GetProperty("training").GetProperty("weight-decay").GetDouble());
    }

    [Fact]
    public void TheSurfaceCoversEveryPathAndEveryPathStartsAtTheSamePoint()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("compare", "--run", "adam --lr 0.05", "--run", "sgd --lr 0.01", "--epochs", "10", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var w1 = surface.RootElement.GetProperty("w1").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var w2 = surface.RootElement.GetProperty("w2").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));

        // Adam at 0.05 runs far along the valley, past the default grid's -2.
        Assert.Contains(rows, r => r["run"] == "adam --lr 0.05" && Number(r["w1"]) < -5);
        Assert.All(rows, r =>
        {
            Assert.InRange(Number(r["w1"]), w1[0], w1[^1]);
            Assert.InRange(Number(r["w2"]), w2[0], w2[^1]);
        });
        Assert.All(rows.Where(r => r["step"] == "0"), r => Assert.Equal(("-1", "-1"), (r["w1"], r["w2"])));
    }

    [Fact]
    public void RunsShareTheBatchOrderSoEqualSettingsGiveEqualPathsAndRunsTrajectory()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("compare", "--run", "sgd --lr 0.02 label=first", "--run", "--optimizer sgd --lr=0.02 label=second", "--epochs", "3", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));
        var first = rows.Where(r => r["run"] == "first").Select(r => r["w1"] + "," + r["w2"] + "," + r["test_loss"]).ToArray();
        var second = rows.Where(r => r["run"] == "second").Select(r => r["w1"] + "," + r["w2"] + "," + r["test_loss"]).ToArray();
        Assert.Equal(4, first.Length);
        Assert.Equal(first, second);

        // The same options on run (shuffled with the same seed) give the same path.
        var single = CliRunner.TempDirectory();
        Assert.Equal(0, CliRunner.Run("run", "--lr", "0.02", "--epochs", "3", "--plotlyjs", "cdn", "--out", single).Exit);
        Assert.Equal(first, CliRunner.Csv(Path.Combine(single, "trajectory.csv")).Select(r => r["w1"] + "," + r["w2"] + "," + r["test_loss"]));
    }

    [Fact]
    public void AHugeLearningRateIsStoppedAtTheStepItDivergesAndTheOtherRunsGoOn()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run("compare", "--run", "sgd --lr 0.01", "--run", "sgd --lr 1000 label=boom", "--epochs", "4", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Matches(@"warning: run 'boom' diverged in epoch 1 at step \d+ \(", output);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var runs = manifest.RootElement.GetProperty("results").GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("diverged").ValueKind);
        Assert.Equal(4, runs[0].GetProperty("final").GetProperty("epoch").GetInt32());
        var diverged = runs[1].GetProperty("diverged");
        Assert.Equal(1, diverged.GetProperty("epoch").GetInt32());
        Assert.InRange(diverged.GetProperty("step").GetInt32(), 1, 10);

        // Its records stop at the last finite one (the start); every number written is finite.
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));
        Assert.Single(rows, r => r["run"] == "boom");
        Assert.Equal(5, rows.Count(r => r["run"] == "sgd --lr 0.01"));
        Assert.All(rows, r => Assert.All(NumberColumns, c => Assert.True(double.IsFinite(Number(r[c])))));

        using var figure = Figure(dir);
        var traces = figure.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Contains(traces, t => t.GetProperty("name").GetString() == "boom (diverged)");
        var marker = Assert.Single(traces, t => t.GetProperty("type").GetString() == "scatter3d" && t.GetProperty("name").GetString() == "boom: diverged");
        Assert.Equal("x", marker.GetProperty("marker").GetProperty("symbol").GetString());
        Assert.Equal(-1, marker.GetProperty("x")[0].GetDouble());
        Assert.DoesNotContain("NaN", File.ReadAllText(Path.Combine(dir, "compare.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void APathTooFarForTheSurfaceIsDrawnUpToWhereItLeavesIt()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run("compare", "--run", "sgd", "--run", "adam --lr 1e5 label=runaway", "--epochs", "3", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("warning: run 'runaway' went too far to be covered by the surface", output, StringComparison.Ordinal);
        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        Assert.True(surface.RootElement.GetProperty("w1").GetArrayLength() * surface.RootElement.GetProperty("w2").GetArrayLength() <= 1_000_000);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var runs = manifest.RootElement.GetProperty("results").GetProperty("runs").EnumerateArray().ToArray();
        Assert.False(runs[0].GetProperty("left_surface").GetBoolean());
        Assert.True(runs[1].GetProperty("left_surface").GetBoolean());

        using var figure = Figure(dir);
        var path = figure.RootElement.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "runaway (left the surface)");
        var w1 = surface.RootElement.GetProperty("w1");
        Assert.All(path.GetProperty("x").EnumerateArray(), x => Assert.InRange(x.GetDouble(), w1[0].GetDouble(), w1[w1.GetArrayLength() - 1].GetDouble()));
    }

    public static TheoryData<string[], string> BadRaces() => new()
    {
        { ["--run", "adam --momentum 0.9"], "error: --run \"adam --momentum 0.9\": --momentum: is not used by --optimizer adam (it applies to sgd and rmsprop)" },
        { ["--run", "sgd --nesterov"], "error: --run \"sgd --nesterov\": --nesterov: needs --momentum > 0" },
        { ["--run", "adam --beta1 1"], "error: --run \"adam --beta1 1\": --beta1: must be >= 0 and < 1 (got 1)" },
        { ["--run", "sgd --amsgrad"], "error: --run \"sgd --amsgrad\": --amsgrad: is not used by --optimizer sgd (it applies to adam and adamw)" },
        { ["--run", "sgd --schedule exponential --gamma -1"], "error: --run \"sgd --schedule exponential --gamma -1\": --gamma: must be > 0 and at most 1e6 (got -1)" },
        { ["--run", "adam --epochs 3"], "error: --run \"adam --epochs 3\": --epochs is not a per-run option; give it once, outside --run, for the whole comparison" },
        { ["--run", "adam", "--run", "adam"], "error: --run: 2 runs are labelled 'adam'; add label=NAME to tell them apart" },
        { ["--run", "adam --lr"], "error: --run \"adam --lr\": --lr needs a value" },
        { ["--lr", "0.1"], "error: --lr: without --run, each optimizer runs at its usual rate; give --run values to choose rates, e.g. --run \"sgd --lr 0.1\"" },
    };

    [Theory]
    [MemberData(nameof(BadRaces))]
    public void BadRacesGetOneLineAndExitCode2(string[] options, string line)
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run(["compare", .. options, "--out", dir]);
        Assert.Equal(2, exit);
        Assert.Equal(line, error.TrimEnd('\n'));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void TrainingOptionsOutsideRunApplyToEveryRunThatDoesNotSetThem()
    {
        var settings = new CompareSettings();
        settings.Values.Set("schedule", "cosine");
        settings.Values.Set("eta-min", "0.001");
        string[] runs = ["sgd --lr 0.1", "adam --eta-min 0.0001 label='adam, slow end'"];
        settings.Values.Set("run", runs);
        var entries = CompareCommand.Entries(settings);
        Assert.Equal(["sgd --lr 0.1", "adam, slow end"], entries.Select(e => e.Label));
        Assert.All(entries, e => Assert.Equal(LossLandscape.Optim.ScheduleKind.Cosine, e.Optimizer.Schedule));
        Assert.Equal([0.001, 0.0001], entries.Select(e => e.Optimizer.MinLearningRate));
        Assert.Equal("\"adam, slow end\"", CompareCommand.Csv("adam, slow end"));
    }

    private static readonly string[] NumberColumns = ["w1", "w2", "test_loss", "train_loss", "lr"];

    private static JsonDocument Figure(string dir)
    {
        var html = File.ReadAllText(Path.Combine(dir, "compare.html"));
        var match = FigureJson().Match(html);
        Assert.True(match.Success, "compare.html holds no figure JSON");
        return JsonDocument.Parse(match.Groups[1].Value);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex("<script type=\"application/json\" id=\"figure-0-json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex FigureJson();
}
