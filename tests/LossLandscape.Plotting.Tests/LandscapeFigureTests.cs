using System.Text.Json;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Plotting.Tests;

public sealed class LandscapeFigureTests
{
    private static readonly Lazy<(TanhNetwork Network, RegressionSet Test, LossSurface Surface)> Seed = new(() =>
    {
        var data = Dataset.Generate(new DataOptions { Samples = 2000 });
        var split = TrainTestSplit.Create(data.Count, 0.2, 42);
        var test = RegressionSet.Gather(data, split.Test);
        var network = new TanhNetwork(1);
        // A non-square grid with different ranges, so a swapped axis cannot go unnoticed.
        var surface = SurfaceEvaluator.Evaluate(network, SurfacePlane.Weights(network), new GridAxis(-3, 1, 0.25), new GridAxis(-1, 2, 0.5), test);
        return (network, test, surface);
    });

    private static PathView Path() => new()
    {
        Name = "SGD path",
        A = [-1, -1.5],
        B = [-1, 0.2],
        Loss = [98.2, 97.6],
        Epochs = [0, 1],
        Steps = [0, 250],
    };

    [Fact]
    public void PointReadBackFromTheFigureJsonHasTheLossComputedAtThoseWeights()
    {
        var (network, test, surface) = Seed.Value;
        using var json = JsonDocument.Parse(HtmlPage.ToJson(LandscapeFigure.Build(surface, [Path()])));
        var trace = json.RootElement.GetProperty("data")[0];
        Assert.Equal("surface", trace.GetProperty("type").GetString());
        var xs = trace.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var ys = trace.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var z = trace.GetProperty("z");
        Assert.Equal(ys.Count, z.GetArrayLength());
        foreach (var (w1, w2) in new[] { (-2.5, 1.5), (0.75, -1.0), (-3.0, 0.5), (0.0, 0.0) })
        {
            var column = xs.FindIndex(v => Math.Abs(v - w1) < 1e-12);
            var row = ys.FindIndex(v => Math.Abs(v - w2) < 1e-12);
            Assert.True(column >= 0 && row >= 0, $"({w1}, {w2}) is not on the figure's grid");
            var drawn = z[row][column].GetDouble();
            var expected = network.Loss([w1, w2], test.X, test.Y);
            Assert.Equal(expected, drawn, 1e-9 * expected);
        }
    }

    [Fact]
    public void EveryAxisIsTitledWithTheWeightItShows()
    {
        var (_, _, surface) = Seed.Value;
        using var json = JsonDocument.Parse(HtmlPage.ToJson(LandscapeFigure.Build(surface, [Path()])));
        var scene = json.RootElement.GetProperty("layout").GetProperty("scene");
        Assert.Equal("w1", scene.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("w2", scene.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("Loss", scene.GetProperty("zaxis").GetProperty("title").GetProperty("text").GetString());
        var x = json.RootElement.GetProperty("data")[0].GetProperty("x");
        Assert.Equal(surface.Axis1.Count, x.GetArrayLength());
        Assert.Equal(-3, x[0].GetDouble());
    }

    [Fact]
    public void LayoutFollowsTheArticle()
    {
        var (_, _, surface) = Seed.Value;
        using var json = JsonDocument.Parse(HtmlPage.ToJson(LandscapeFigure.Build(surface, [Path()])));
        var layout = json.RootElement.GetProperty("layout");
        Assert.Equal("Loss Surface", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(800, layout.GetProperty("width").GetInt32());
        Assert.Equal(800, layout.GetProperty("height").GetInt32());
        Assert.Equal(DarkTheme.Background, layout.GetProperty("paper_bgcolor").GetString());
        var scene = layout.GetProperty("scene");
        Assert.Equal("manual", scene.GetProperty("aspectmode").GetString());
        Assert.Equal(0.5, scene.GetProperty("aspectratio").GetProperty("z").GetDouble());
        foreach (var axis in new[] { "xaxis", "yaxis", "zaxis" })
        {
            Assert.False(scene.GetProperty(axis).GetProperty("showgrid").GetBoolean());
        }

        var path = json.RootElement.GetProperty("data")[1];
        Assert.Equal("scatter3d", path.GetProperty("type").GetString());
        Assert.Equal("red", path.GetProperty("line").GetProperty("color").GetString());
        Assert.Equal(2, path.GetProperty("line").GetProperty("width").GetDouble());
        Assert.Equal("yellow", path.GetProperty("marker").GetProperty("color").GetString());
        Assert.Equal(4, path.GetProperty("marker").GetProperty("size").GetDouble());
        Assert.Equal([-1.0, -1.5], path.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([98.2, 97.6], path.GetProperty("z").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Contains("epoch", path.GetProperty("hovertemplate").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InlinePageCarriesPlotlyAndTheFigure()
    {
        var (_, _, surface) = Seed.Value;
        var html = HtmlPage.Render("Loss Surface", PlotlyJsMode.Inline, LandscapeFigure.Build(surface, [Path()]));
        Assert.Contains(PlotlyJs.Source, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=", html, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"surface\"", html, StringComparison.Ordinal);
        Assert.StartsWith("4.", PlotlyJs.Version, StringComparison.Ordinal);
        Assert.True(PlotlyJs.Source.Length > 1_000_000);
    }

    [Theory]
    [InlineData(PlotlyJsMode.Cdn)]
    [InlineData(PlotlyJsMode.Directory)]
    public void ExternalModesReferenceTheLibraryInsteadOfEmbeddingIt(PlotlyJsMode mode)
    {
        var (_, _, surface) = Seed.Value;
        var html = HtmlPage.Render("Loss Surface", mode, LandscapeFigure.Build(surface, [Path()]));
        Assert.True(html.Length < 200_000);
        Assert.Contains(mode == PlotlyJsMode.Cdn ? PlotlyJs.CdnUrl : "src=\"plotly.min.js\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void UserTextCannotCloseTheScriptElement()
    {
        var (_, _, surface) = Seed.Value;
        var html = HtmlPage.Render("x", PlotlyJsMode.Cdn, LandscapeFigure.Build(surface, [Path() with { Name = "</script><b>" }]));
        Assert.DoesNotContain("</script><b>", html, StringComparison.Ordinal);
    }
}
