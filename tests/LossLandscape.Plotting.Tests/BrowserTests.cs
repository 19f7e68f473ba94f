using LossLandscape.Plotting.Export;
using LossLandscape.Surface;
using LossLandscape.Testing;

namespace LossLandscape.Plotting.Tests;

[Collection(BrowserCollection.Name)]
public sealed class BrowserTests
{
    private readonly BrowserFixture _browser;

    public BrowserTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    [BrowserFact]
    public async Task ContourAndLandscapeExportAsPngsOfTheAskedSizeThatAreNotBlank()
    {
        var analysis = SeedProblem.Analysis;
        var options = new ViewOptions { Animate = false };
        var path = SeedProblem.Path(12);
        var contour = LandscapeViews.Contour(SeedProblem.Surface, [path], analysis.CriticalPoints, analysis.Valley, options);
        var landscape = LandscapeViews.Landscape(SeedProblem.Surface, [path], analysis.CriticalPoints, options);
        // Least share of pixels unlike the background: the contour fills its plot; the 3-D surface covers less.
        foreach (var (figure, width, height, covered) in new[] { (contour, 640, 480, 0.4), (landscape, 500, 420, 0.06) })
        {
            var images = await _browser.Exporter.RenderAsync(figure, [ImageFormat.Png, ImageFormat.Svg], width, height);
            var png = PngImage.Decode(images[ImageFormat.Png]);
            Assert.Equal((width, height), (png.Width, png.Height));
            // Not blank: the plasma surface brings hundreds of colours, and most of the plot is not the background.
            Assert.True(png.DistinctColours() > 200, $"{png.DistinctColours()} colours");
            Assert.True(png.FractionUnlike(17, 17, 17) > covered, $"{png.FractionUnlike(17, 17, 17):P0} of pixels differ from the background");
            var svg = System.Text.Encoding.UTF8.GetString(images[ImageFormat.Svg]);
            Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
            Assert.Contains($"width=\"{width}\"", svg, StringComparison.Ordinal);
            Assert.Contains($"height=\"{height}\"", svg, StringComparison.Ordinal);
        }
    }

    [BrowserFact]
    public async Task ContourReadBackAtAGivenW1AndW2ShowsTheLossComputedThere()
    {
        var surface = SeedProblem.Surface;
        var figure = LandscapeViews.Contour(surface, [], [], [], new ViewOptions { Animate = false });
        foreach (var (i, j) in new[] { (5, 60), (40, 10), (20, 33) })
        {
            double w1 = surface.Axis1[i], w2 = surface.Axis2[j];
            // plotly's own hover at data coordinates (w1, w2) reports the contour's x, y and z there.
            var read = await _browser.Exporter.EvaluateAsync<double[]>(
                figure,
                """
                (x, y) => new Promise((resolve, reject) => {
                  const gd = document.getElementById('figure-0');
                  Plotly.Fx.hover(gd, { xval: x, yval: y }, 'xy');
                  const p = (gd._hoverdata || []).find(q => q.curveNumber === 0);
                  if (p) { resolve([p.x, p.y, p.z]); } else { reject(new Error('plotly reported no hover point')); }
                })
                """,
                w1,
                w2);
            Assert.Equal(w1, read[0], 1e-12);
            Assert.Equal(w2, read[1], 1e-12);
            var expected = SeedProblem.LossAt(w1, w2);
            Assert.Equal(expected, read[2], 1e-9 * expected);
        }
    }

    [BrowserFact]
    public async Task PlayingTheContourAnimationGrowsThePath()
    {
        var path = SeedProblem.Path(8);
        var figure = LandscapeViews.Contour(SeedProblem.Surface, [path], [], [], new ViewOptions());
        var index = ContourFigure.FirstPathTrace(figure, 1);
        var counts = await _browser.Exporter.EvaluateAsync<int[]>(
            figure,
            """
            async (index) => {
              const gd = document.getElementById('figure-0');
              const before = gd.data[index].x.length;
              await Plotly.animate(gd, ['epoch 2'], { mode: 'immediate', frame: { duration: 0, redraw: false }, transition: { duration: 0 } });
              const after = gd.data[index].x.length;
              const sliders = gd.layout.sliders.length, buttons = gd.layout.updatemenus[0].buttons.length;
              return [before, after, sliders, buttons];
            }
            """,
            index);
        Assert.Equal([8, 3, 1, 2], counts);
    }

    [BrowserFact]
    public async Task PlayingTheRaceAnimationGrowsEveryPathAndLeavesTheLossChartWhole()
    {
        var paths = new[] { Race("fast", 8), Race("slow", 5) };
        var figure = CompareFigure.Build(SeedProblem.Surface, paths, SeedProblem.Analysis.CriticalPoints, new ViewOptions());
        var counts = await _browser.Exporter.EvaluateAsync<int[]>(
            figure,
            """
            async () => {
              const gd = document.getElementById('figure-0');
              const lengths = (type) => gd.data.filter(t => t.type === type && t.mode === 'lines+markers').map(t => t.x.length);
              await Plotly.animate(gd, ['epoch 2'], { mode: 'immediate', frame: { duration: 0, redraw: true }, transition: { duration: 0 } });
              return [...lengths('scatter3d'), ...lengths('scatter')];
            }
            """);
        Assert.Equal([3, 3, 8, 5], counts);
    }

    [BrowserFact]
    public async Task ClickingASurfaceButtonShowsThatSurfaceWithItsPathAndRetitlesTheHeight()
    {
        var plane = PlaneSample.Plane(SurfaceQuantities.Test, SurfaceQuantities.Train, SurfaceQuantities.Gap);
        var figure = LandscapeViews.Landscape(plane, [PlaneSample.Path(6)], SeedProblem.Analysis.CriticalPoints, new ViewOptions { Animate = false });
        var read = await _browser.Exporter.EvaluateAsync<string>(
            figure,
            """
            async () => {
              const gd = document.getElementById('figure-0');
              const buttons = gd.querySelectorAll('.updatemenu-button');
              buttons[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
              for (let k = 0; k < 50 && gd.layout.updatemenus[0].active !== 2; k++) {
                await new Promise(r => setTimeout(r, 20));
              }
              const shown = gd.data.map((t, i) => [i, t]).filter(([i, t]) => t.visible !== false).map(([i, t]) => t.name);
              return JSON.stringify({ count: buttons.length, shown, title: gd.layout.scene.zaxis.title.text });
            }
            """);
        using var json = System.Text.Json.JsonDocument.Parse(read);
        Assert.Equal(3, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(["gap (test − train) surface", "SGD path", "SGD path: true loss to the surface"], json.RootElement.GetProperty("shown").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("test − train", json.RootElement.GetProperty("title").GetString());
    }

    private static RacePath Race(string label, int records)
    {
        var path = SeedProblem.Path(records) with { Name = label };
        return new RacePath { Label = label, Path = path, EpochPosition = path.Epochs.Select(e => (double)e).ToArray() };
    }
}
