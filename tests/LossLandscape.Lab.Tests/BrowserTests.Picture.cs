using System.Globalization;
using System.Text.Json;
using LossLandscape.Testing;
using PuppeteerSharp;

namespace LossLandscape.Lab.Tests;

/// <summary>
/// The first picture of the surface (preview.js) is painted before plotly.js has run, and it is the API's surface: with
/// plotly.js held back by the test, every grid point's pixel has the colour of its z value in plotly's Viridis scale over
/// the surface's [min, max]; once plotly.js is let through, the interactive views replace the picture (screenshots:
/// lab-picture, then lab-contour).
/// </summary>
public sealed partial class BrowserTests
{
    // plotly.js's Viridis stops (the oracle for the picture's colours).
    private static readonly (double At, int R, int G, int B)[] Viridis =
    [
        (0, 0x44, 0x01, 0x54), (0.06274509803921569, 0x48, 0x18, 0x6a), (0.12549019607843137, 0x47, 0x2d, 0x7b),
        (0.18823529411764706, 0x42, 0x40, 0x86), (0.25098039215686274, 0x3b, 0x52, 0x8b), (0.3137254901960784, 0x33, 0x63, 0x8d),
        (0.3764705882352941, 0x2c, 0x72, 0x8e), (0.4392156862745098, 0x26, 0x82, 0x8e), (0.5019607843137255, 0x21, 0x91, 0x8c),
        (0.5647058823529412, 0x1f, 0xa0, 0x88), (0.6274509803921569, 0x28, 0xae, 0x80), (0.6901960784313725, 0x3f, 0xbc, 0x73),
        (0.7529411764705882, 0x5e, 0xc9, 0x62), (0.8156862745098039, 0x84, 0xd4, 0x4b), (0.8784313725490196, 0xad, 0xdc, 0x30),
        (0.9411764705882353, 0xd8, 0xe2, 0x19), (1, 0xfd, 0xe7, 0x25),
    ];

    [BrowserFact]
    public async Task TheFirstPictureIsTheApisSurfacePaintedBeforePlotlyJsRuns()
    {
        await using var page = await OpenAsync();
        var errors = Errors(page);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            if (e.Request.Url.EndsWith("/plotly.min.js", StringComparison.Ordinal))
            {
                await release.Task;
            }

            await e.Request.ContinueAsync();
        };

        try
        {
            await page.GoToAsync(fixture.Lab.Url, new NavigationOptions { WaitUntil = [WaitUntilNavigation.DOMContentLoaded] });
            await WaitAsync(page, "() => window.lab && window.lab.times.picture !== null");
            Assert.True(await page.EvaluateExpressionAsync<bool>("typeof window.Plotly === 'undefined'"), "painted before plotly.js ran");
            var box = await page.EvaluateExpressionAsync<double[]>(
                "(() => { const c = document.querySelector('#contour canvas.preview').getBoundingClientRect(); const e = document.getElementById('contour'); const v = e.getBoundingClientRect(); return [c.left - v.left - e.clientLeft, c.top - v.top - e.clientTop, c.width - e.clientWidth, c.height - e.clientHeight, c.width]; })()");
            Assert.Equal([0, 0, 0, 0], box[..4]); // over the view's inside (its border excepted)
            Assert.InRange(box[4], 300, 2000);
            await ScreenshotAsync(page, "lab-picture");

            using var api = await fixture.Lab.PostAsync("/api/surface", "{}");
            using var document = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
            var loss = document.RootElement.GetProperty("surface").GetProperty("loss");
            var values = loss.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var (min, max) = (values.Min(r => r.Min()), values.Max(r => r.Max()));
            var grid = await page.EvaluateExpressionAsync<int[]>(
                "(() => { const g = window.lab.preview.grid; return [g.width, g.height, ...g.getContext('2d').getImageData(0, 0, g.width, g.height).data]; })()");
            var (nx, ny) = (grid[0], grid[1]);
            Assert.Equal(values.Length, nx);
            Assert.Equal(values[0].Length, ny);
            for (var i = 0; i < nx; i++)
            {
                for (var j = 0; j < ny; j++)
                {
                    var at = 2 + (4 * (((ny - 1 - j) * nx) + i)); // image rows run downwards, b upwards
                    var (r, g, b) = Colour((values[i][j] - min) / (max - min));
                    var where = string.Create(CultureInfo.InvariantCulture, $"grid point ({i}, {j}), loss {values[i][j]}");
                    Assert.True(Math.Abs(grid[at] - r) <= 1 && Math.Abs(grid[at + 1] - g) <= 1 && Math.Abs(grid[at + 2] - b) <= 1 && grid[at + 3] == 255, $"{where}: rgba({grid[at]}, {grid[at + 1]}, {grid[at + 2]}, {grid[at + 3]}) instead of rgb({r}, {g}, {b})");
                }
            }
        }
        finally
        {
            release.TrySetResult();
        }

        await WaitAsync(page, "() => window.lab.times.contour !== null");
        await ScreenshotAsync(page, "lab-contour");
        await WaitAsync(page, "() => window.lab.firstDraw !== null");
        Assert.False(await page.EvaluateExpressionAsync<bool>("!!document.querySelector('canvas.preview, .preview-note')"), "the picture is gone once the views are drawn");
        var times = await page.EvaluateExpressionAsync<double[]>("[window.lab.times.picture, window.lab.times.contour, window.lab.times.scene]");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"with plotly.js held back: picture {times[0]:0} ms, contour {times[1]:0} ms, 3-D view {times[2]:0} ms"));
        Assert.True(times[0] < times[1] && times[1] < times[2], "picture, then contour, then the 3-D view");
        Assert.Empty(errors);
    }

    private static (int R, int G, int B) Colour(double t)
    {
        var k = 1;
        while (k < Viridis.Length - 1 && Viridis[k].At < t)
        {
            k++;
        }

        var (lo, hi) = (Viridis[k - 1], Viridis[k]);
        var u = Math.Clamp((t - lo.At) / (hi.At - lo.At), 0, 1);
        return ((int)Math.Round(lo.R + (u * (hi.R - lo.R))), (int)Math.Round(lo.G + (u * (hi.G - lo.G))), (int)Math.Round(lo.B + (u * (hi.B - lo.B))));
    }
}
