using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LossLandscape.Plotting;

namespace LossLandscape.Cli.Tests;

/// <summary>The full Hessian in a race: <c>compare --curvature</c> computes each run's curvature as <c>run</c> does, writes it and draws it.</summary>
public sealed partial class CompareCurvatureTests
{
    private static readonly string[] Shared = ["--epochs", "4", "--samples", "400", "--plotlyjs", "cdn", "--layers", "1,4,1", "--bias", "--a-range", "-1:1:0.5", "--b-range", "-1:1:0.5", "--no-animation"];

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "--per-layer", ["--curvature", "every", "--per-layer"] },
        { "--curvature", ["--curvature", "0"] },
        { "--curvature-trace", ["--curvature-trace"] },
        { "--probes", ["--curvature", "every", "--probes", "10"] },
        { "--curvature-top", ["--curvature", "every", "--curvature-top", "0"] },
        { "--curvature-loss", ["--curvature", "every", "--curvature-loss", "validation"] },
        { "--surface", ["--curvature", "every", "--surface", "sharpness"] },
        { "--curvature", ["--plane", "line", "--curvature", "every"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadCombinationGetsOneLineNamingTheOptionExitTwoAndNothingWritten(string option, string[] args)
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["compare", "--out", dir, "--samples", "400", "--epochs", "2", "--plotlyjs", "cdn", "--run", "sgd --lr 0.1", .. args]);
        Assert.Equal(2, exit);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {option}:", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "nothing is written");
    }

    [Theory]
    [InlineData("sgd", "0.3")]
    [InlineData("adam", "0.05")]
    public void ASingleRunRaceHasRunsCurvatureAtEveryRecord(string optimizer, string lr)
    {
        string[] curvature = ["--curvature", "every", "--curvature-top", "2", "--curvature-trace", "--probes", "20"];
        var runDir = CliRunner.NewDirectoryPath();
        var ran = CliRunner.Run(["run", "--out", runDir, .. Shared, "--optimizer", optimizer, "--lr", lr, .. curvature]);
        Assert.True(ran.Exit == 0, ran.Error);
        var raceDir = CliRunner.NewDirectoryPath();
        var raced = CliRunner.Run(["compare", "--out", raceDir, .. Shared, "--run", $"{optimizer} --lr {lr}", .. curvature]);
        Assert.True(raced.Exit == 0, raced.Error);

        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "analysis.json")));
        var expected = analysis.RootElement.GetProperty("trajectory").EnumerateArray().Select(r => r.GetProperty("full_hessian")).ToArray();
        var (header, rows) = Csv(Path.Combine(raceDir, "trajectories.csv"));
        Assert.Equal(expected.Length, rows.Length);
        var adam = optimizer == "adam";
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            Close(expected[k].GetProperty("top")[0].GetDouble(), Cell(header, row, "lambda_max"), $"record {k}: λmax");
            Close(expected[k].GetProperty("top")[1].GetDouble(), Cell(header, row, "lambda_2"), $"record {k}: λ2");
            Close(expected[k].GetProperty("trace").GetDouble(), Cell(header, row, "trace"), $"record {k}: trace");
            Close(expected[k].GetProperty("trace_stderr").GetDouble(), Cell(header, row, "trace_stderr"), $"record {k}: trace s.e.");
            if (adam && !expected[k].TryGetProperty("preconditioned_sharpness", out _))
            {
                // Before Adam's first step its preconditioner is not defined: no λmax(P⁻¹H) in either file.
                Assert.Equal(0, k);
                Assert.Equal(string.Empty, row[Array.IndexOf(header, "preconditioned_sharpness")]);
            }
            else if (adam)
            {
                Close(expected[k].GetProperty("preconditioned_sharpness").GetDouble(), Cell(header, row, "preconditioned_sharpness"), $"record {k}: λmax(P⁻¹H)");
                Assert.Equal((2 + (2 * 0.9)) / ((1 - 0.9) * 0.05), Cell(header, row, "preconditioned_limit"), 9);
                Assert.Equal(string.Empty, row[Array.IndexOf(header, "stability_limit")]);
            }
            else
            {
                Assert.Equal(2 / 0.3, Cell(header, row, "stability_limit"), 12);
                Assert.DoesNotContain("preconditioned_sharpness", header);
            }
        }

        // run.json: the settings once for the race, each run's summary and final record under its label.
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(raceDir, "run.json")));
        var results = manifest.RootElement.GetProperty("results");
        Assert.Equal(2, results.GetProperty("full_hessian").GetProperty("k").GetInt32());
        Assert.Equal(20, results.GetProperty("full_hessian").GetProperty("probes").GetInt32());
        var block = results.GetProperty("runs")[0].GetProperty("full_hessian");
        Assert.False(block.TryGetProperty("k", out _), "the settings are written once, not per run");
        var summary = analysis.RootElement.GetProperty("full_hessian");
        Close(summary.GetProperty("max_sharpness").GetDouble(), block.GetProperty("max_sharpness").GetDouble(), "max λmax");
        Close(summary.GetProperty("final").GetProperty("top")[0].GetDouble(), block.GetProperty("final").GetProperty("top")[0].GetDouble(), "final λmax");
        Assert.Equal(adam, block.GetProperty("stability").GetProperty("preconditioned").GetBoolean());
    }

    [Fact]
    public void TwoRunsGiveTwoCurvatureLinesInTheRaceColoursWithTheirLimits()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run(["compare", "--out", dir, .. Shared, "--run", "sgd --lr 0.3", "--run", "adam --lr 0.05", "--curvature", "2"]);
        Assert.True(exit == 0, error);
        Assert.Contains("Curvature: λmax of the full Hessian up to", output, StringComparison.Ordinal);

        var html = File.ReadAllText(Path.Combine(dir, "compare.html"));
        var match = SecondFigure().Match(html);
        Assert.True(match.Success, "compare.html holds the curvature chart as its second figure");
        using var chart = JsonDocument.Parse(match.Groups[1].Value);
        var traces = chart.RootElement.GetProperty("data").EnumerateArray().ToArray();
        var shown = traces.Where(t => !t.TryGetProperty("showlegend", out var s) || s.GetBoolean()).ToArray();
        Assert.Equal(2, shown.Length);
        Assert.Equal(CompareFigure.ColorOf(0), shown[0].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal(CompareFigure.ColorOf(1), shown[1].GetProperty("line").GetProperty("color").GetString());
        Assert.StartsWith("sgd --lr 0.3", shown[0].GetProperty("name").GetString(), StringComparison.Ordinal);

        // sgd: its 2/lr dashed in its colour; adam: λmax(P⁻¹H) dotted and its limit dashed, in its colour.
        var sgdLimit = Assert.Single(traces, t => t.GetProperty("legendgroup").GetString() == "sgd --lr 0.3" && Dash(t) == "dash");
        Assert.Equal(CompareFigure.ColorOf(0), sgdLimit.GetProperty("line").GetProperty("color").GetString());
        Assert.All(sgdLimit.GetProperty("y").EnumerateArray(), y => Assert.Equal(2 / 0.3, y.GetDouble(), 12));
        var adamLimit = Assert.Single(traces, t => t.GetProperty("legendgroup").GetString() == "adam --lr 0.05" && Dash(t) == "dash");
        Assert.Equal(CompareFigure.ColorOf(1), adamLimit.GetProperty("line").GetProperty("color").GetString());

        // Adam's preconditioner is not defined before its first step: no limit at the start, then (2 + 2β₁)/((1 − β₁)·lr).
        var adamLimits = adamLimit.GetProperty("y").EnumerateArray().ToArray();
        Assert.Equal(JsonValueKind.String, adamLimits[0].ValueKind);
        Assert.All(adamLimits.Skip(1), y => Assert.Equal(38 / 0.05, y.GetDouble(), 9));
        Assert.Single(traces, t => t.GetProperty("legendgroup").GetString() == "adam --lr 0.05" && Dash(t) == "dot");

        // One point per record the schedule analysed: the rows of trajectories.csv with a λmax.
        var (header, rows) = Csv(Path.Combine(dir, "trajectories.csv"));
        var analysed = rows.Where(r => r[0] == "sgd --lr 0.3" && r[Array.IndexOf(header, "lambda_max")].Length > 0).Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(analysed, shown[0].GetProperty("x").EnumerateArray().Select(x => x.GetDouble()).ToArray());
        Assert.Equal("step", chart.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    private static string? Dash(JsonElement trace) =>
        trace.GetProperty("line").TryGetProperty("dash", out var dash) ? dash.GetString() : null;

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: compare {actual} vs run {expected}");

    private static double Cell(string[] header, string[] row, string column)
    {
        var index = Array.IndexOf(header, column);
        Assert.True(index >= 0, $"trajectories.csv has no column {column}");
        return double.Parse(row[index], CultureInfo.InvariantCulture);
    }

    private static (string[] Header, string[][] Rows) Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToArray());
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"figure-1-json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex SecondFigure();
}
