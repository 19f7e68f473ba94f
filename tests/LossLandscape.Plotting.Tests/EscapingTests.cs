using LossLandscape.Testing;
using LossLandscape.Analysis;
using LossLandscape.Surface;

namespace LossLandscape.Plotting.Tests;

/// <summary>User strings (run labels, path and axis names, notes) reach every figure as text, never as markup.</summary>
public sealed class EscapingTests
{
    [Theory]
    [InlineData("<a href=x>y</a>", "&lt;a href=x&gt;y&lt;/a&gt;")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("&lt;b&gt;", "&lt;b&gt;")]
    [InlineData("x &amp;&nbsp;", "x &amp;&amp;nbsp;")]
    public void EscapeWritesTheEntitiesAndEscapingTwiceChangesNothing(string text, string expected)
    {
        Assert.Equal(expected, PlotlyText.Escape(text));
        Assert.Equal(expected, PlotlyText.Escape(PlotlyText.Escape(text)));
    }

    [Fact]
    public void EveryFigureWritesHostileLabelsAxisNamesAndNotesAsText()
    {
        var surface = new LossSurface(new GridAxis(0, 3, 1), new GridAxis(0, 2, 1), HostileText.Labels[1], HostileText.Labels[0], [10, 11, 20, 21, 30, 31]);
        var paths = HostileText.Labels.Select((label, k) => Path(label, k)).ToArray();
        var races = paths.Select((p, k) => new RacePath
        {
            Label = p.Name,
            Path = p,
            EpochPosition = p.Epochs.Select(e => (double)e).ToArray(),
            Stop = k == 0 ? HostileText.Labels[2] : null,
            StopNote = k == 0 ? HostileText.Labels[0] : null,
        }).ToArray();
        CriticalPoint[] points = [new(CriticalPointKind.Edge, 1, 1, 20, 0.5, 1, 2, $"toward {HostileText.Labels[0]} (and {HostileText.Labels[2]})")];
        ValleyPoint[] valley = [new(0, 0.5, 10), new(1, 0.5, 20), new(2, 0.5, 30)];
        var options = new ViewOptions { Animate = true };
        var curvature = paths.Select(p => new CurvatureSeries(
            p.Name,
            p.Epochs.Select(e => new CurvaturePoint(e, e * 10, 0, 0, 1, 1, -1, 2, 2, 0.01)).ToArray(),
            "red")).ToArray();

        var pages = new Dictionary<string, string>
        {
            ["landscape"] = HtmlPage.Render(HostileText.Labels[2], PlotlyJsMode.Cdn, LandscapeViews.Landscape(surface, paths, points, options)),
            ["contour"] = HtmlPage.Render(HostileText.Labels[2], PlotlyJsMode.Cdn, LandscapeViews.Contour(surface, paths, points, valley, options), CurvatureFigure.Build(curvature)),
            ["compare"] = HtmlPage.Render(HostileText.Labels[2], PlotlyJsMode.Cdn, CompareFigure.Build(surface, races, points, options)),
            ["compare contour"] = HtmlPage.Render(HostileText.Labels[2], PlotlyJsMode.Cdn, CompareFigure.Contour(surface, races, points, valley, options)),
        };
        foreach (var (name, html) in pages)
        {
            HostileText.AssertShownAsText(name, html);
        }
    }

    private static PathView Path(string label, int k) => new()
    {
        Name = label,
        A = [0.2 * k, 1, 1.5],
        B = [0.1, 0.5 + (0.1 * k), 1],
        Loss = [12, 20, 25],
        Epochs = [0, 1, 2],
        Steps = [0, 10, 20],
        DivergedNote = k == 1 ? HostileText.Labels[2] : null,
    };

}
