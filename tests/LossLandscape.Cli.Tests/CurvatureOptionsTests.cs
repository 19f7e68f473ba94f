using System.Globalization;
using System.Text.Json;
using LossLandscape.Curvature;
using LossLandscape.Files;
using LossLandscape.Models;

namespace LossLandscape.Cli.Tests;

/// <summary>The full Hessian's options on the command line: the files they write and the errors they give.</summary>
public sealed class CurvatureOptionsTests
{
    private static readonly string[] SmallMlp = ["--epochs", "3", "--samples", "500", "--plotlyjs", "cdn", "--layers", "1,4,1", "--bias", "--a-range", "-1:1:0.5", "--b-range", "-1:1:0.5"];

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "--curvature", ["--curvature", "0"] },
        { "--curvature", ["--curvature", "-3"] },
        { "--curvature", ["--curvature", "sometimes"] },
        { "--probes", ["--curvature", "every", "--curvature-trace", "--probes", "0"] },
        { "--probes", ["--curvature", "every", "--probes", "10"] },
        { "--curvature-tolerance", ["--curvature", "every", "--curvature-tolerance", "0"] },
        { "--curvature-tolerance", ["--curvature", "every", "--curvature-tolerance", "1"] },
        { "--curvature-tolerance", ["--curvature", "every", "--curvature-tolerance", "-1e-3"] },
        { "--curvature-top", ["--curvature", "every", "--curvature-top", "0"] },
        { "--curvature-top", ["--curvature", "every", "--curvature-top", "3"] },
        { "--curvature-top", ["--curvature-top", "2"] },
        { "--curvature-trace", ["--curvature-trace"] },
        { "--per-layer", ["--per-layer"] },
        { "--per-layer", ["--surface", "sharpness", "--per-layer"] },
        { "--curvature-loss", ["--curvature", "every", "--curvature-loss", "validation"] },
        { "--curvature-loss", ["--curvature-loss", "test"] },
        { "--curvature", ["--plane", "line", "--curvature", "every"] },
        { "--surface", ["--plane", "line", "--surface", "sharpness"] },
        { "--batch-size", ["--batch-size", "half"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGetsOneLineNamingTheOptionExitTwoAndNothingWritten(string option, string[] args)
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--samples", "500", "--plotlyjs", "cdn", "--epochs", "3", .. args]);
        Assert.Equal(2, exit);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {option}:", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "nothing is written");
    }

    [Fact]
    public void CompareHasNoSharpnessSurface()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["compare", "--out", dir, "--samples", "500", "--epochs", "2", "--plotlyjs", "cdn", "--surface", "sharpness"]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --surface:", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AnalysisJsonHoldsTheDenseHessiansTopEigenvaluesAndTraceAtEveryRecord()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run(["run", "--out", dir, .. SmallMlp, "--curvature", "every", "--curvature-top", "3", "--curvature-trace", "--probes", "50", "--per-layer"]);
        Assert.True(exit == 0, error);
        Assert.Contains("Curvature: λmax of the full Hessian up to", output, StringComparison.Ordinal);

        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "analysis.json")));
        var weights = NpyFile.Read(Path.Combine(dir, "weights.npy"), "weights");
        var (x, y) = TrainingSet(dir);
        var model = new Mlp(new MlpSpec([1, 4, 1], Activation.Tanh, Bias: true));
        var hessian = HessianOperators.Create(model, x, y);
        var records = analysis.RootElement.GetProperty("trajectory").EnumerateArray().ToArray();
        Assert.Equal(weights.Length, records.Length);
        for (var k = 0; k < records.Length; k++)
        {
            hessian.MoveTo(weights[k]);
            var exact = DenseHessian.Spectrum(hessian).Reverse().ToArray();
            var full = records[k].GetProperty("full_hessian");
            var top = full.GetProperty("top").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(3, top.Length);
            for (var i = 0; i < 3; i++)
            {
                Assert.True(Math.Abs(top[i] - exact[i]) <= 1e-8 * Math.Abs(exact[0]), $"record {k}, λ{i + 1}: {top[i]} vs dense {exact[i]}");
            }

            // Hutchinson's estimate lies within four standard errors of the exact trace.
            var trace = full.GetProperty("trace").GetDouble();
            var stderr = full.GetProperty("trace_stderr").GetDouble();
            Assert.True(Math.Abs(trace - exact.Sum()) <= 4 * stderr, $"record {k}: trace {trace} ± {stderr} vs exact {exact.Sum()}");
            Assert.Equal(2 / 0.01, full.GetProperty("stability_limit").GetDouble(), 9);
        }

        var summary = analysis.RootElement.GetProperty("full_hessian");
        Assert.Equal("train", summary.GetProperty("loss").GetString());
        Assert.Equal(3, summary.GetProperty("k").GetInt32());
        Assert.Equal(50, summary.GetProperty("probes").GetInt32());
        Assert.Equal(1e-6, summary.GetProperty("tolerance").GetDouble());
        Assert.True(summary.GetProperty("seconds").GetDouble() > 0);
        var final = summary.GetProperty("final");
        hessian.MoveTo(weights[^1]);
        var spectrum = DenseHessian.Spectrum(hessian);
        var density = final.GetProperty("spectral_density");
        var grid = density.GetProperty("eigenvalue").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var values = density.GetProperty("density").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var integral = Enumerable.Range(1, grid.Length - 1).Sum(g => 0.5 * (values[g] + values[g - 1]) * (grid[g] - grid[g - 1]));
        Assert.Equal(1.0, integral, 1e-6);

        // The density's mean is a 10-probe estimate of trace / parameters (exact per probe, random across probes).
        Assert.Equal(spectrum.Average(), density.GetProperty("mean").GetDouble(), 0.05 * Math.Abs(spectrum.Average()));
        Assert.Equal(spectrum[^1], final.GetProperty("exact_top")[0].GetDouble(), 1e-12 * Math.Abs(spectrum[^1]));
        Assert.Equal(spectrum[^1], final.GetProperty("top")[0].GetDouble(), 1e-8 * Math.Abs(spectrum[^1]));
        var layers = final.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(["0.weight+0.bias", "2.weight+2.bias"], layers.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(8, layers[0].GetProperty("parameters").GetInt32());
        Assert.Equal(layers[0].GetProperty("exact_top")[0].GetDouble(), layers[0].GetProperty("top")[0].GetDouble(), 1e-8 * Math.Abs(layers[0].GetProperty("top")[0].GetDouble()));

        var contour = File.ReadAllText(Path.Combine(dir, "contour.html"));
        Assert.Contains("Full Hessian along the path", contour, StringComparison.Ordinal);
        Assert.Contains("Spectral density of the full Hessian", contour, StringComparison.Ordinal);
        Assert.Contains("Trace of the full Hessian", contour, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryNStepsAnalysesTheFirstRecordsThatCompleteNStepsAndTheLast()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, .. SmallMlp[2..], "--epochs", "5", "--batch-size", "100", "--curvature", "8"]);
        Assert.True(exit == 0, error);
        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "analysis.json")));
        var steps = analysis.RootElement.GetProperty("trajectory").EnumerateArray()
            .Where(r => r.TryGetProperty("full_hessian", out _)).Select(r => r.GetProperty("step").GetInt32()).ToArray();

        // 400 training points, batches of 100: 4 steps per epoch; records at 0, 4, …, 20; every 8 steps: 0, 8, 16 and the last.
        Assert.Equal([0, 8, 16, 20], steps);
        Assert.Equal("8", analysis.RootElement.GetProperty("full_hessian").GetProperty("curvature").GetString());
    }

    [Fact]
    public void OnTheSeedsWeightsPlaneTheTestLossLambdaMaxIsThePlanesSharpness()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--samples", "2000", "--epochs", "4", "--plotlyjs", "cdn", "--curvature", "every", "--curvature-loss", "test", "--curvature-top", "2"]);
        Assert.True(exit == 0, error);
        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "analysis.json")));
        foreach (var record in analysis.RootElement.GetProperty("trajectory").EnumerateArray())
        {
            // The weights plane is the whole space of the 2-weight network: the plane's exact Hessian is the full one.
            var plane = record.GetProperty("hessian_eigenvalues").EnumerateArray().Select(e => e.GetDouble()).OrderDescending().ToArray();
            var full = record.GetProperty("full_hessian").GetProperty("top").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(plane[0], full[0], 1e-9 * Math.Abs(plane[0]));
            Assert.Equal(plane[1], full[1], 1e-9 * Math.Abs(plane[0]));
        }

        Assert.Equal("test", analysis.RootElement.GetProperty("full_hessian").GetProperty("loss").GetString());
    }

    [Fact]
    public void SharpnessSurfaceAtTheCentreIsLambdaMaxAtThetaZero()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, .. SmallMlp, "--plane", "random", "--surface", "all"]);
        Assert.True(exit == 0, error);
        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var a = surface.RootElement.GetProperty("a").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var b = surface.RootElement.GetProperty("b").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var map = surface.RootElement.GetProperty("sharpness");
        int i = Array.IndexOf(a, 0.0), j = Array.IndexOf(b, 0.0);
        Assert.True(i >= 0 && j >= 0, "the grid holds the centre");
        Assert.Equal(a.Length, map.GetArrayLength());

        var model = new Mlp(new MlpSpec([1, 4, 1], Activation.Tanh, Bias: true));
        var directions = DirectionsFile.Read(Path.Combine(dir, "directions.json"), model.Layout);
        var (x, y) = TrainingSet(dir);
        var hessian = HessianOperators.Create(model, x, y);
        var theta = new double[model.ParameterCount];
        foreach (var (ai, bj) in new[] { (i, j), (0, 0), (a.Length - 1, b.Length - 1) })
        {
            directions.Plane!.PointAt(a[ai], b[bj], theta);
            hessian.MoveTo(theta);
            // At the default tolerance 1e-6 the map stops on λmax's value (a Kato–Temple bound ≤ 1e-6·λ), and a Ritz
            // value lies below λmax; held to 1e-8 it would test the residual rule's overshoot, which the map gave up.
            var exact = DenseHessian.Spectrum(hessian)[^1];
            Assert.Equal(exact, map[ai][bj].GetDouble(), 1e-6 * Math.Abs(exact));
            Assert.True(map[ai][bj].GetDouble() <= exact * (1 + 1e-12), $"({ai}, {bj}): above λmax");
        }

        // The sharpness surface is a button of both views, and the path is drawn on it.
        var landscape = File.ReadAllText(Path.Combine(dir, "landscape.html"));
        Assert.Contains("{\"label\":\"sharpness \\u03BBmax\"", landscape, StringComparison.Ordinal);
        Assert.Contains("{\"label\":\"sharpness \\u03BBmax\"", File.ReadAllText(Path.Combine(dir, "contour.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void FullBatchTakesOneStepPerEpoch()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--samples", "500", "--epochs", "6", "--plotlyjs", "cdn", "--batch-size", "full", "--record", "steps"]);
        Assert.True(exit == 0, error);
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectory.csv"));
        Assert.Equal(Enumerable.Range(0, 7).Select(s => s.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r["step"]));
        Assert.Equal(rows.Select(r => r["epoch"]), rows.Select(r => r["step"]));
    }

    [Fact]
    public void AdamSaysPlainlyThatTwoOverLrDoesNotApply()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, .. SmallMlp, "--optimizer", "adam", "--curvature", "every"]);
        Assert.True(exit == 0, error);
        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "analysis.json")));
        var stability = analysis.RootElement.GetProperty("full_hessian").GetProperty("stability");
        Assert.True(stability.GetProperty("preconditioned").GetBoolean());
        Assert.StartsWith("2/lr does not apply to Adam", stability.GetProperty("note").GetString(), StringComparison.Ordinal);
        var records = analysis.RootElement.GetProperty("trajectory").EnumerateArray().ToArray();
        Assert.All(records, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("full_hessian").GetProperty("stability_limit").ValueKind));

        // What applies instead: the preconditioned sharpness λmax(P⁻¹H) after the first step, against (2 + 2β₁)/((1 − β₁)·lr).
        Assert.All(records.Skip(1), r =>
        {
            var full = r.GetProperty("full_hessian");
            Assert.True(full.GetProperty("preconditioned_sharpness").GetDouble() > 0);
            Assert.Equal(38 / r.GetProperty("lr").GetDouble(), full.GetProperty("preconditioned_limit").GetDouble(), 6);
        });
        Assert.Contains("H), preconditioned", File.ReadAllText(Path.Combine(dir, "contour.html")), StringComparison.Ordinal);
    }

    private static (double[] X, double[] Y) TrainingSet(string dir)
    {
        var rows = CliRunner.Csv(Path.Combine(dir, "data.csv")).Where(r => r["split"] == "train").ToArray();
        return (rows.Select(r => double.Parse(r["x"], CultureInfo.InvariantCulture)).ToArray(), rows.Select(r => double.Parse(r["y"], CultureInfo.InvariantCulture)).ToArray());
    }
}
