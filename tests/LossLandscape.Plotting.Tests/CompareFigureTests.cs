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
