using System.Text.Json;
using LossLandscape.Curvature;
using LossLandscape.Surface;
using static LossLandscape.Plotting.Tests.PlaneSample;

namespace LossLandscape.Plotting.Tests;

/// <summary>The full Hessian's charts and the sharpness surface in the views.</summary>
public sealed class FullHessianFigureTests
{
    private static readonly ViewOptions Still = new() { Animate = false };

    private static SharpnessTrace Trace(double? limit, string note, bool withTrace) => new(
        Enumerable.Range(0, 6).Select(k => new SharpnessRecord(
            k,
            k * 10,
            [10.0 + k, 5.0 - (0.1 * k)],
            [1e-9, 1e-9],
            true,
            withTrace ? new TraceEstimate(30 + k, 0.5, 20) : null,
            0.05,
            limit,
            null)).ToArray(),
        note,
        1.0);

    private static HessianPathView View(SharpnessTrace trace) =>
        new("GD path", trace, Enumerable.Range(0, 51).Select(s => (double)s).ToArray(), Enumerable.Range(0, 51).Select(s => 10.0 / (s + 1)).ToArray());

    [Fact]
    public void SharpnessChartDrawsEveryEigenvalueTheLimitAndTheLoss()
    {
        var threshold = StabilityThreshold.For(new Optim.Sgd(0, 0, false, 0));
        using var json = Json(FullHessianFigure.Sharpness(View(Trace(threshold.At(0.05), threshold.Note, false))));
        var data = json.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(["λmax (full Hessian)", "λ2", "stability limit 2/lr", "training loss"], data.Select(d => d.GetProperty("name").GetString()));
        Assert.Equal([0.0, 10, 20, 30, 40, 50], Doubles(data[0].GetProperty("x")));
        Assert.Equal([10.0, 11, 12, 13, 14, 15], Doubles(data[0].GetProperty("y")));
        Assert.All(Doubles(data[2].GetProperty("y")), v => Assert.Equal(40.0, v, 12));
        Assert.Equal("y2", data[3].GetProperty("yaxis").GetString());
        Assert.Equal("log", json.RootElement.GetProperty("layout").GetProperty("yaxis2").GetProperty("type").GetString());
    }

    [Fact]
    public void WithoutALimitTheChartSaysSoAndDrawsNoLine()
    {
        var threshold = StabilityThreshold.For(new Optim.Adam(0.9, 0.999, 1e-8, 0, false));
        using var json = Json(FullHessianFigure.Sharpness(View(Trace(null, threshold.Note, false))));
        Assert.DoesNotContain(json.RootElement.GetProperty("data").EnumerateArray(), d => d.GetProperty("name").GetString()!.StartsWith("stability", StringComparison.Ordinal));
        var note = json.RootElement.GetProperty("layout").GetProperty("annotations")[0].GetProperty("text").GetString();
        Assert.StartsWith("2/lr does not apply to Adam", note, StringComparison.Ordinal);
        Assert.EndsWith("no limit line is drawn", note, StringComparison.Ordinal);
    }

    [Fact]
    public void AdamsChartNamesTheLimitOfThePreconditionedSharpness()
    {
        // Adam at lr 0.01: the limit (2 + 2·0.9)/((1 − 0.9)·0.01) = 3800 bounds λmax(P⁻¹H), not λmax; the legend said
        // "(2 + 2β)/lr" (380 at this rate), and the preconditioned series was drawn in nearly the limit's colour.
        var threshold = StabilityThreshold.For(new Optim.Adam(0.9, 0.999, 1e-8, 0, false));
        var trace = Trace(null, threshold.Note, false);
        trace = trace with { Records = [.. trace.Records.Select(r => r with { PreconditionedSharpness = 3000.0 + r.Step, PreconditionedLimit = threshold.At(0.01) })] };
        using var json = Json(FullHessianFigure.Sharpness(View(trace)));
        var data = json.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(["λmax (full Hessian)", "λ2", "λmax(P⁻¹H), preconditioned", "stability limit of λmax(P⁻¹H): (2 + 2β₁)/((1 − β₁)·lr)", "training loss"], data.Select(d => d.GetProperty("name").GetString()));
        Assert.All(Doubles(data[3].GetProperty("y")), v => Assert.Equal(3800.0, v, 9));
        Assert.Equal(FullHessianFigure.PreconditionedColor, data[2].GetProperty("line").GetProperty("color").GetString());
        Assert.Contains("Adam's limit", json.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TraceChartHasTheEstimateAndItsStandardErrorBand()
    {
        Assert.Null(FullHessianFigure.Trace(View(Trace(40, "n", false))));
        using var json = Json(FullHessianFigure.Trace(View(Trace(40, "n", true)))!);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal([30.5, 31.5, 32.5, 33.5, 34.5, 35.5], Doubles(data[0].GetProperty("y")));
        Assert.Equal([29.5, 30.5, 31.5, 32.5, 33.5, 34.5], Doubles(data[1].GetProperty("y")));
        Assert.Equal([30.0, 31, 32, 33, 34, 35], Doubles(data[2].GetProperty("y")));
    }

    [Fact]
    public void DensityChartMarksTheTopEigenvaluesAndTheExactSpectrum()
    {
        var density = SpectralDensity.Estimate(new Diagonal([1, 2, 3, 10]), 4, 4, 200, 0.02, 1);
        using var json = Json(FullHessianFigure.Density(density, [10.0], [1.0, 2, 3, 10], "at the end"));
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(density.Grid, Doubles(data[0].GetProperty("x")));
        Assert.Equal([10.0], Doubles(data[1].GetProperty("x")));
        Assert.Equal([1.0, 2, 3, 10], Doubles(data[2].GetProperty("x")));
        Assert.Equal("log", json.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void SharpnessSurfaceGetsItsButtonAndThePathAtEachRecordsLambdaMax()
    {
        var plane = Plane(SurfaceQuantities.Test);
        plane = plane with { Surfaces = [.. plane.Surfaces, new PlaneSurface(SurfaceQuantities.Sharpness, PlaneSample.Surface((a, b) => 20 + (5 * a * a) + b))] };
        var path = Path(12);
        path = path with { Sharpness = path.A.Select((a, k) => 21.0 + k).ToArray(), SurfaceSharpness = path.A.Select((a, k) => 20.5 + k).ToArray() };
        using var landscape = Json(LandscapeViews.Landscape(plane, [path], [], Still));
        var data = landscape.RootElement.GetProperty("data").EnumerateArray().ToArray();
        var sheet = Array.FindIndex(data, d => d.GetProperty("name").GetString() == "sharpness λmax surface");
        Assert.True(sheet > 0);
        Assert.Equal(path.Sharpness, Doubles(data[sheet + 1].GetProperty("z")));
        var buttons = landscape.RootElement.GetProperty("layout").GetProperty("updatemenus")[0].GetProperty("buttons");
        Assert.Equal(["test loss", "sharpness λmax"], buttons.EnumerateArray().Select(b => b.GetProperty("label").GetString()));
        Assert.Equal("λmax", buttons[1].GetProperty("args")[1].GetProperty("scene.zaxis.title.text").GetString());

        using var contour = Json(LandscapeViews.Contour(plane, [path], [], [], Still with { LogLoss = true }));
        var layer = contour.RootElement.GetProperty("data")[1];
        Assert.Equal("sharpness λmax contours", layer.GetProperty("name").GetString());

        // λmax is not a loss: it keeps its own scale when the losses are drawn as log10.
        Assert.Equal(20 + (5 * AxisA[0] * AxisA[0]) + AxisB[0], layer.GetProperty("z")[0][0].GetDouble(), 12);
    }

    private sealed class Diagonal(double[] values) : IHessianVectorProduct
    {
        public int Dimension => values.Length;

        public void Multiply(ReadOnlySpan<double> vector, Span<double> destination)
        {
            for (var i = 0; i < values.Length; i++)
            {
                destination[i] = values[i] * vector[i];
            }
        }
    }
}
