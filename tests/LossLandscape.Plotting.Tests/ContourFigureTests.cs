using LossLandscape.Analysis;
using LossLandscape.Curvature;
using LossLandscape.Optim;
using LossLandscape.Plotting;

namespace LossLandscape.Plotting.Tests;

public sealed class ContourFigureTests
{
    [Fact]
    public void ContourPutsW1OnXAndW2OnYAndEachValueIsTheLossComputedThere()
    {
        var surface = SeedProblem.Surface;
        Assert.NotEqual(surface.Axis1.Count, surface.Axis2.Count);
        var figure = LandscapeViews.Contour(surface, [SeedProblem.Path(5)], [], [], new ViewOptions { Animate = false });
        var contour = Assert.IsType<ContourTrace>(figure.Data[0]);
        Assert.Equal(surface.Axis1.Values.ToArray(), contour.X);
        Assert.Equal(surface.Axis2.Values.ToArray(), contour.Y);
        Assert.Equal(surface.Axis2.Count, contour.Z.Count);
        foreach (var (i, j) in new[] { (0, 0), (3, 60), (45, 7), (surface.Axis1.Count - 1, surface.Axis2.Count - 1) })
        {
            var expected = SeedProblem.LossAt(surface.Axis1[i], surface.Axis2[j]);
            Assert.Equal(expected, contour.Z[j][i], 1e-12 * expected);
        }

        Assert.Equal("w1", figure.Layout.XAxis!.Title!.Text);
        Assert.Equal("w2", figure.Layout.YAxis!.Title!.Text);
    }

    [Fact]
    public void LogLossDrawsLog10InBothViews()
    {
        var surface = SeedProblem.Surface;
        var path = SeedProblem.Path(4);
        var options = new ViewOptions { LogLoss = true, Animate = false };
        var contour = Assert.IsType<ContourTrace>(LandscapeViews.Contour(surface, [path], [], [], options).Data[0]);
        Assert.Equal(Math.Log10(surface[7, 9]), contour.Z[9][7], 1e-14);
        var landscape = LandscapeViews.Landscape(surface, [path], SeedProblem.Analysis.CriticalPoints, options);
        var sheet = Assert.IsType<SurfaceTrace>(landscape.Data[0]);
        Assert.Equal(Math.Log10(surface[7, 9]), sheet.Z[9][7], 1e-14);
        Assert.Equal("log10 Loss", landscape.Layout.Scene!.ZAxis!.Title!.Text);
        var line = Assert.IsType<Scatter3dTrace>(landscape.Data[1]);
        Assert.Equal(Math.Log10(path.Loss[2]), line.Z[2], 1e-14);
    }

    [Fact]
    public void PathStartAndEndAreMarkedWhereThePathBeginsAndEnds()
    {
        var path = SeedProblem.Path(6);
        var figure = LandscapeViews.Contour(SeedProblem.Surface, [path], [], [], new ViewOptions { Animate = false });
        var first = ContourFigure.FirstPathTrace(figure, 1);
        var line = Assert.IsType<ScatterTrace>(figure.Data[first]);
        var start = Assert.IsType<ScatterTrace>(figure.Data[first + 1]);
        var end = Assert.IsType<ScatterTrace>(figure.Data[first + 2]);
        Assert.Equal(path.A, line.X);
        Assert.Equal((path.A[0], path.B[0]), (start.X[0], start.Y[0]));
        Assert.Equal((path.A[^1], path.B[^1]), (end.X[0], end.Y[0]));
        Assert.Contains("start", start.Name, StringComparison.Ordinal);
        Assert.Contains("end", end.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void CriticalPointsAppearInBothViewsLabelledWithTheirKind()
    {
        var analysis = SeedProblem.Analysis;
        Assert.Contains(analysis.CriticalPoints, p => p.Kind == CriticalPointKind.Saddle);
        Assert.Contains(analysis.CriticalPoints, p => p.Kind == CriticalPointKind.Edge);
        var options = new ViewOptions { Animate = false };
        var contour = LandscapeViews.Contour(SeedProblem.Surface, [], analysis.CriticalPoints, analysis.Valley, options);
        var landscape = LandscapeViews.Landscape(SeedProblem.Surface, [], analysis.CriticalPoints, options);
        foreach (var point in analysis.CriticalPoints)
        {
            Assert.Contains(contour.Data.OfType<ScatterTrace>(), t => t.Text is { } text && Enumerable.Range(0, t.X.Count).Any(k => t.X[k] == point.A && t.Y[k] == point.B && text[k] == point.KindName));
            Assert.Contains(landscape.Data.OfType<Scatter3dTrace>(), t => t.Text is { } text && Enumerable.Range(0, t.X.Count).Any(k => t.X[k] == point.A && t.Y[k] == point.B && text[k] == point.KindName));
        }
    }

    [Fact]
    public void ValleyIsDrawnOnlyInsideTheGridsW2Range()
    {
        var analysis = SeedProblem.Analysis;
        var figure = LandscapeViews.Contour(SeedProblem.Surface, [], [], analysis.Valley, new ViewOptions { Animate = false });
        var valley = figure.Data.OfType<ScatterTrace>().Where(t => t.LegendGroup == "valley").ToArray();
        Assert.NotEmpty(valley);
        Assert.Single(valley, t => t.ShowLegend == true);
        foreach (var trace in valley)
        {
            Assert.All(trace.Y, y => Assert.InRange(y, -2, 1.45 + 1e-12));
            for (var k = 0; k < trace.X.Count; k++)
            {
                var (best, _) = new PlaneCalculus(SeedProblem.Network, SeedProblem.Plane, SeedProblem.Test).BestB(trace.X[k]);
                Assert.Equal(best, trace.Y[k], 1e-12);
            }
        }
    }

    [Fact]
    public void CurvatureChartDrawsSharpnessAgainstTwoOverLearningRateAndTheGradientNorm()
    {
        CurvaturePoint[] points =
        [
            new(0, 0, -1, -1, 98, 1.7, 0.9, 2.5, 2.5, 0.01),
            new(1, 250, -1.5, -0.1, 97.6, 0.46, -0.04, 1.9, 1.9, 0.01),
        ];
        var figure = CurvatureFigure.Build([new CurvatureSeries("SGD path", points, "red")]);
        var sharpness = Assert.IsType<ScatterTrace>(figure.Data[0]);
        var limit = Assert.IsType<ScatterTrace>(figure.Data[1]);
        var gradient = Assert.IsType<ScatterTrace>(figure.Data[2]);
        Assert.Equal([0.0, 1.0], sharpness.X);
        Assert.Equal([2.5, 1.9], sharpness.Y);
        Assert.Equal([200.0, 200.0], limit.Y);
        Assert.Equal([1.7, 0.46], gradient.Y);
        Assert.Equal("y2", gradient.YAxis);
    }

    [Fact]
    public void CurvatureChartDrawsEachOptimizersOwnLimitAndNoneWhereNoneApplies()
    {
        CurvaturePoint[] points =
        [
            new(0, 0, -1, -1, 98, 1.7, 0.9, 2.5, 2.5, 0.01),
            new(1, 250, -1.5, -0.1, 97.6, 0.46, -0.04, 1.9, 1.9, 0.02),
        ];

        // Heavy-ball momentum 0.9: (2 + 2·0.9)/lr at each record's own rate, named as such.
        var momentum = CurvatureFigure.Build([new CurvatureSeries("SGD path", points, "red", StabilityThreshold.For(new Sgd(momentum: 0.9)))]);
        var limit = Assert.IsType<ScatterTrace>(momentum.Data[1]);
        Assert.Equal("stability limit (2 + 2β)/lr", limit.Name);
        Assert.Equal(3.8 / 0.01, limit.Y[0], 1e-9);
        Assert.Equal(3.8 / 0.02, limit.Y[1], 1e-9);
        Assert.Null(momentum.Layout.Annotations);
        Assert.Contains("(2 + 2β)/lr", momentum.Layout.Title!.Text, StringComparison.Ordinal);

        // From 1.9 to 380 spans two decades: a log axis labelled at the decades only.
        Assert.Equal("log", momentum.Layout.YAxis!.Type);
        Assert.Equal(1, momentum.Layout.YAxis.DTick);

        // Adam: 2/lr bounds nothing it does, so no limit line; a note says so, and λmax alone is a linear axis.
        var adam = CurvatureFigure.Build([new CurvatureSeries("Adam path", points, "red", StabilityThreshold.For(new Adam()))]);
        Assert.Equal(2, adam.Data.Count);
        Assert.DoesNotContain(adam.Data.OfType<ScatterTrace>(), t => (t.Name ?? string.Empty).Contains("limit", StringComparison.Ordinal));
        var note = Assert.Single(adam.Layout.Annotations!);
        Assert.Equal("Adam path: 2/lr does not apply to Adam — no limit line is drawn", note.Text);
        Assert.Null(adam.Layout.YAxis!.Type);
        Assert.DoesNotContain("2/lr", adam.Layout.Title!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsOfCrowdedCriticalPointsAlternateAboveAndBelow()
    {
        var surface = SeedProblem.Surface;
        CriticalPoint Saddle(double a) => new(CriticalPointKind.Saddle, a, 0, 1, 0, -1, 1);
        Assert.Equal(["top center", "bottom center", "top center"], ContourFigure.LabelPositions([Saddle(-0.3), Saddle(0), Saddle(0.3)], surface));
        Assert.Equal(["top center", "top center"], ContourFigure.LabelPositions([Saddle(-2), Saddle(1)], surface));
        var traces = ContourFigure.CriticalPointTraces([Saddle(-0.3), Saddle(0), Saddle(0.3)], surface, "w1", "w2");
        Assert.Equal([-0.3, 0.3], traces.Single(t => t.TextPosition == "top center").X);
        Assert.Single(traces, t => t.ShowLegend == true);

        // A point on the grid's top edge keeps its inward label, whoever is near.
        var top = new CriticalPoint(CriticalPointKind.Edge, 0, surface.Axis2[surface.Axis2.Count - 1], 1, 1, 1, 1);
        Assert.Equal([false, false], ContourFigure.CrowdedLabels([Saddle(0), top], surface));
        Assert.Equal("bottom center", ContourFigure.LabelPositions([Saddle(0), top], surface)[1]);
    }
}
