using LossLandscape.Surface;

namespace LossLandscape.Plotting.Tests;

public sealed class CompareFigureTests
{
    private static readonly LossSurface Surface = new(
        new GridAxis(0, 3, 1),
        new GridAxis(0, 2, 1),
        "w1",
        "w2",
        [10, 11, 20, 21, 30, 31]);

    [Fact]
    public void EachRunGetsOneLegendEntryInItsOwnColourAndALossLineInTheSameGroup()
    {
        var figure = CompareFigure.Build(Surface, [Race("a", 3), Race("b", 2), Race("c", 3)]);
        var paths = figure.Data.OfType<Scatter3dTrace>().Where(t => t.ShowLegend == true).ToArray();
        Assert.Equal(["a", "b", "c"], paths.Select(t => t.Name));
        Assert.Equal(3, paths.Select(t => t.Line!.Color).Distinct().Count());
        Assert.All(paths.Select(t => t.Line!.Color), c => Assert.Contains(c, DarkTheme.Colorway));

        var lines = figure.Data.OfType<ScatterTrace>().ToArray();
        Assert.Equal(["a", "b", "c"], lines.Select(t => t.LegendGroup));
        Assert.Equal(paths.Select(t => t.Line!.Color), lines.Select(t => t.Line!.Color));
        Assert.Equal([0.0, 0.5, 1.0], lines[0].X);

        // Plotly draws z rows along y: z[j][i] is the loss at (w1[i], w2[j]).
        var surface = Assert.IsType<SurfaceTrace>(figure.Data[0]);
        Assert.Equal(21, surface.Z[1][1]);
        Assert.Equal(30, surface.Z[0][2]);
    }

    [Fact]
    public void AStoppedRunIsMarkedWithAnXAtItsLastPointDrawnAndNamedInTheLegend()
    {
        var stopped = Race("far", 3) with { Stop = "left the surface", StopNote = "too far", DrawnOnSurface = 2 };
        var figure = CompareFigure.Build(Surface, [Race("ok", 3), stopped]);
        var path = Assert.Single(figure.Data.OfType<Scatter3dTrace>(), t => t.Name == "far (left the surface)");
        Assert.Equal(2, path.X.Count);
        var marker = Assert.Single(figure.Data.OfType<Scatter3dTrace>(), t => t.Name == "far: left the surface");
        Assert.Equal("x", marker.Marker!.Symbol);
        Assert.Equal([path.X[1]], marker.X);
        Assert.Equal("far", marker.LegendGroup);
        var chart = Assert.Single(figure.Data.OfType<ScatterTrace>(), t => t.Name == "far: left the surface");
        Assert.Equal([0.5], chart.X);

        // The loss chart keeps every record; finished runs end in a diamond instead.
        Assert.Equal(3, figure.Data.OfType<ScatterTrace>().Single(t => t.Name == "far").Y.Count);
        Assert.Equal("diamond", figure.Data.OfType<Scatter3dTrace>().Single(t => t.Name == "ok: end").Marker!.Symbol);
    }

    [Fact]
    public void LabelsAreShownAsTextNotAsMarkup()
    {
        var figure = CompareFigure.Build(Surface, [Race("<b>bold</b> & co", 2)]);
        var path = Assert.Single(figure.Data.OfType<Scatter3dTrace>(), t => t.ShowLegend == true);
        Assert.Equal("&lt;b&gt;bold&lt;/b&gt; &amp; co", path.Name);
        Assert.Contains("&lt;b&gt;bold", path.HoverTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void ColoursRepeatOnlyAfterTheWholeColorway()
    {
        var colors = Enumerable.Range(0, DarkTheme.Colorway.Count).Select(CompareFigure.ColorOf).ToArray();
        Assert.Equal(DarkTheme.Colorway.Order(StringComparer.Ordinal), colors.Order(StringComparer.Ordinal));
        Assert.Equal(CompareFigure.ColorOf(0), CompareFigure.ColorOf(DarkTheme.Colorway.Count));
    }

    [Fact]
    public void LogLossDrawsLog10OfTheSurfaceAndThePathsAndPutsTheLossChartOnALogAxis()
    {
        var figure = CompareFigure.Build(Surface, [Race("a", 3)], [], new ViewOptions { LogLoss = true });
        var surface = Assert.IsType<SurfaceTrace>(figure.Data[0]);
        Assert.Equal(Math.Log10(21), surface.Z[1][1], 1e-15);
        Assert.Equal(Math.Log10(30), surface.Z[0][2], 1e-15);
        Assert.Equal("log10 test loss", surface.ColorBar!.Title!.Text);
        var path = Assert.Single(figure.Data.OfType<Scatter3dTrace>(), t => t.ShowLegend == true);
        Assert.Equal([Math.Log10(20), Math.Log10(19), Math.Log10(18)], path.Z);

        // The chart keeps the losses; its axis is logarithmic even for a narrow range.
        Assert.Equal([20.0, 19, 18], figure.Data.OfType<ScatterTrace>().Single().Y);
        Assert.Equal("log", figure.Layout.YAxis!.Type);
        Assert.Null(CompareFigure.Build(Surface, [Race("a", 3)]).Layout.YAxis!.Type);
    }

    [Fact]
    public void CriticalPointsStandOnTheRaceSurfaceInOneColourNoRunHas()
    {
        var points = new[]
        {
            new LossLandscape.Analysis.CriticalPoint(LossLandscape.Analysis.CriticalPointKind.Saddle, 1, 1, 21, 0, -2, 2),
            new LossLandscape.Analysis.CriticalPoint(LossLandscape.Analysis.CriticalPointKind.Minimum, 2, 0, 30, 0, 1, 2),
        };
        var figure = CompareFigure.Build(Surface, [Race("a", 2), Race("b", 2)], points, new ViewOptions { LogLoss = true });
        var saddle = Assert.Single(figure.Data.OfType<Scatter3dTrace>(), t => t.Name == "saddle");
        Assert.Equal(["saddle"], saddle.Text);
        Assert.Equal([1.0], saddle.X);
        Assert.InRange(saddle.Z[0] - Math.Log10(21), 0, 0.015 * (Math.Log10(31) - Math.Log10(10)) + 1e-12);
        Assert.Equal(CompareFigure.CriticalPointColor, saddle.Marker!.Color);
        Assert.DoesNotContain(CompareFigure.CriticalPointColor, new[] { CompareFigure.ColorOf(0), CompareFigure.ColorOf(1) });
        Assert.Equal(CompareFigure.CriticalPointColor, figure.Data.OfType<Scatter3dTrace>().Single(t => t.Name == "minimum").Marker!.Color);
    }

    [Fact]
    public void OnTheRaceSurfaceCrowdedCriticalPointsKeepTheirMarkersButOnlyEveryOtherLabel()
    {
        LossLandscape.Analysis.CriticalPoint Saddle(double a) => new(LossLandscape.Analysis.CriticalPointKind.Saddle, a, 0, 97, 0, -1, 1);
        var figure = CompareFigure.Build(SeedProblem.Surface, [Seed("a", 3)], [Saddle(0.3), Saddle(-0.3), Saddle(0)], new ViewOptions { Animate = false });
        var saddles = Assert.Single(figure.Data.OfType<Scatter3dTrace>(), t => t.Name == "saddle");
        Assert.Equal([0.3, -0.3, 0], saddles.X);
        Assert.Equal(["saddle", "saddle", string.Empty], saddles.Text);
    }

    [Fact]
    public void TheContourViewDrawsEveryRunInItsColourAndGrowsThemTogether()
    {
        var surface = SeedProblem.Surface;
        var paths = new[] { Seed("fast", 6), Seed("slow", 4) with { Stop = "diverged", StopNote = "loss is NaN" } };
        var figure = CompareFigure.Contour(surface, paths, SeedProblem.Analysis.CriticalPoints, SeedProblem.Analysis.Valley, new ViewOptions());
        var first = ContourFigure.FirstPathTrace(figure, 2);
        for (var k = 0; k < 2; k++)
        {
            var line = Assert.IsType<ScatterTrace>(figure.Data[first + (3 * k)]);
            var end = Assert.IsType<ScatterTrace>(figure.Data[first + (3 * k) + 2]);
            Assert.Equal(CompareFigure.ColorOf(k), line.Line!.Color);
            Assert.Equal(CompareFigure.ColorOf(k), end.Marker!.Color);
            Assert.Equal(paths[k].Path.A, line.X);
            Assert.Equal(paths[k].Label, line.LegendGroup);
        }

        Assert.Equal("slow (diverged)", figure.Data[first + 3].Name);
        Assert.Contains("end (diverged)", figure.Data[first + 5].Name, StringComparison.Ordinal);
        Assert.All(figure.Data.OfType<ScatterTrace>().Where(t => t.LegendGroup?.StartsWith("critical-", StringComparison.Ordinal) == true), t => Assert.Equal(CompareFigure.CriticalPointColor, t.Marker!.Color));

        // Frames follow the longest path; the shorter one stays whole once it has ended.
        Assert.Equal(6, figure.Frames!.Count);
        var last = figure.Frames[^1];
        Assert.Equal(4, last.Data.Count);
        Assert.Equal(4, Assert.IsType<ScatterTrace>(last.Data[2]).X.Count);
        Assert.Equal(2, Assert.IsType<ScatterTrace>(figure.Frames[1].Data[0]).X.Count);
        Assert.Null(CompareFigure.Contour(surface, paths, [], [], new ViewOptions { Animate = false }).Frames);
    }

    [Fact]
    public void TheRaceAnimationReplacesOnlyThe3DPathsAndNoAnimationLeavesItOut()
    {
        var paths = new[] { Seed("fast", 6), Seed("slow", 4) };
        var figure = CompareFigure.Build(SeedProblem.Surface, paths, [], new ViewOptions());
        var legend = figure.Data.Select((t, i) => (t, i)).Where(p => p.t is Scatter3dTrace { ShowLegend: true }).Select(p => p.i).ToArray();
        Assert.Equal(6, figure.Frames!.Count);
        Assert.All(figure.Frames, f => Assert.Equal(legend, f.Traces));
        Assert.Equal([1, 1], figure.Frames[0].Data.Select(t => Assert.IsType<Scatter3dTrace>(t).X.Count));
        Assert.Equal([6, 4], figure.Frames[^1].Data.Select(t => Assert.IsType<Scatter3dTrace>(t).X.Count));
        Assert.Equal(["fast", "slow"], figure.Frames[0].Data.Select(t => t.Name));
        Assert.Single(figure.Layout.Sliders!);
        Assert.Null(CompareFigure.Build(SeedProblem.Surface, paths, [], new ViewOptions { Animate = false }).Frames);
    }

    [Fact]
    public void APathThatLeavesTheSurfaceIsCutOnThePlaneAndSaysSoInTheLegend()
    {
        var far = Race("far", 3) with { Stop = "left the surface", StopNote = "too far", DrawnOnSurface = 2 };
        var view = CompareFigure.PlanePath(far, 3);
        Assert.Equal("far (left the surface)", view.Name);
        Assert.Equal([0.0, 0.5], view.A);
        Assert.Equal(2, view.Loss.Count);
        Assert.Null(view.DivergedNote);
        Assert.Equal(CompareFigure.ColorOf(3), view.LineColor);
    }

    [Fact]
    public void TheContourLegendGetsOneRowMoreWhenItsEntriesDoNotFitAndTheMapMovesDown()
    {
        Assert.Equal(1, CompareFigure.LegendRows(["a", "b"], 600));
        Assert.Equal(2, CompareFigure.LegendRows(["a", new string('x', 80)], 600));
        Assert.Equal(0, CompareFigure.LegendRows([], 600));

        var one = CompareFigure.Contour(SeedProblem.Surface, [Seed("a", 3)], [], [], new ViewOptions { Animate = false });
        var many = CompareFigure.Contour(SeedProblem.Surface, Enumerable.Range(0, 8).Select(k => Seed($"adamw --lr 0.0{k} --weight-decay 0.1", 3)).ToArray(), [], [], new ViewOptions { Animate = false });
        Assert.True(many.Layout.Margin!.Top > one.Layout.Margin!.Top + 40, $"{many.Layout.Margin.Top} vs {one.Layout.Margin.Top}");
        Assert.Equal("bottom", many.Layout.Legend!.YAnchor);
    }

    [Fact]
    public void ASmallFigureShrinksThenLeavesOutTheLegendRatherThanCoverTheMap()
    {
        string[] labels = ["sgd --lr 0.01", "adam --lr 0.01", "adamw --lr 0.01 --weight-decay 0.1", "rmsprop --lr 0.001", "adagrad --lr 0.1"];
        var paths = labels.Select(label => Seed(label, 3)).ToArray();
        var points = SeedProblem.Analysis.CriticalPoints;
        var valley = SeedProblem.Analysis.Valley;
        var large = CompareFigure.Contour(SeedProblem.Surface, paths, points, valley, new ViewOptions { Width = 1200, Height = 900 });
        Assert.True(large.Layout.ShowLegend);
        Assert.Equal(12, large.Layout.Legend!.Font!.Size);

        // Lower and lower figures: the full font, then the smaller one, then none; never more than a third of the height.
        var fonts = new List<double>();
        for (var height = 900; height >= 300; height -= 20)
        {
            var figure = CompareFigure.Contour(SeedProblem.Surface, paths, points, valley, new ViewOptions { Width = 600, Height = height, Animate = false });
            if (figure.Layout.ShowLegend == false)
            {
                fonts.Add(0);
                continue;
            }

            Assert.True(figure.Layout.Margin!.Top <= height / 3.0, $"legend margin {figure.Layout.Margin.Top} at height {height}");
            fonts.Add(figure.Layout.Legend!.Font!.Size!.Value);
        }

        Assert.Equal(fonts.OrderByDescending(f => f), fonts);
        Assert.Equal([12.0, 10, 0], fonts.Distinct());
        var small = CompareFigure.Contour(SeedProblem.Surface, paths, points, valley, new ViewOptions { Width = 420, Height = 360 });
        Assert.False(small.Layout.ShowLegend);

        Assert.True(CompareFigure.Build(SeedProblem.Surface, paths, points, new ViewOptions { Width = 900, Height = 1100 }).Layout.ShowLegend);
        Assert.False(CompareFigure.Build(SeedProblem.Surface, paths, points, new ViewOptions { Width = 420, Height = 360 }).Layout.ShowLegend);
    }

    private static RacePath Seed(string label, int records)
    {
        var path = SeedProblem.Path(records) with { Name = label };
        return new RacePath { Label = label, Path = path, EpochPosition = path.Epochs.Select(e => (double)e).ToArray() };
    }

    private static RacePath Race(string label, int records) => new()
    {
        Label = label,
        EpochPosition = CompareFigure.EpochPositions(Enumerable.Range(0, records).Select(r => r * 2).ToArray(), 4),
        Path = new PathView
        {
            Name = label,
            A = Enumerable.Range(0, records).Select(r => r * 0.5).ToArray(),
            B = Enumerable.Range(0, records).Select(r => r * 0.25).ToArray(),
            Loss = Enumerable.Range(0, records).Select(r => 20.0 - r).ToArray(),
            Epochs = Enumerable.Range(0, records).ToArray(),
            Steps = Enumerable.Range(0, records).Select(r => r * 2).ToArray(),
        },
    };
}
