using System.Globalization;
using LossLandscape.Testing;

namespace LossLandscape.Lab.Tests;

/// <summary>
/// The page-side speed targets, measured in headless Chromium: the surface drawn ≤ 1 s after the page starts
/// loading, and each streamed record on the page ≤ 50 ms after the server computed it. The bounds asserted are generous
/// (CI's machine is shared); the numbers are printed. LOSSLANDSCAPE_LAB_LOADS, LOSSLANDSCAPE_LAB_RUNS and
/// LOSSLANDSCAPE_LAB_EPOCHS repeat and lengthen the measurements for docs/benchmarks.md (scripts/lab-speed.sh).
/// </summary>
public sealed partial class BrowserTests
{
    [BrowserFact]
    public async Task WithTheDefaultsTheSurfaceIsDrawnSoonAfterThePageStartsLoading()
    {
        // Load 1 of each repetition is in a fresh browser context (an empty cache: plotly.js is downloaded and compiled).
        // Loads 2 and 3 are in the browser's own context, whose cache keeps plotly.js and, from a script's second load
        // on, its compiled code (a fresh context keeps no compiled code): load 3 is the cached load a returning user gets.
        var repeats = Repeat("LOSSLANDSCAPE_LAB_LOADS", 1);
        var first = new List<double[]>();
        var cached = new List<double[]>();
        for (var k = 0; k < repeats; k++)
        {
            var context = await fixture.Browser.CreateBrowserContextAsync();
            try
            {
                for (var load = 1; load <= 3; load++)
                {
                    await using var page = await OpenAsync(load == 1 ? context : null);
                    var errors = Errors(page);
                    await page.GoToAsync(fixture.Lab.Url);
                    await WaitAsync(page, "() => window.lab && window.lab.firstDraw !== null");
                    var t = await page.EvaluateExpressionAsync<double[]>(
                        "(() => { const m = (name) => performance.getEntriesByName(name)[0].startTime; const n = performance.getEntriesByType('navigation')[0]; return [n.domContentLoadedEventEnd, m('lab-first-picture'), m('lab-plotly-ready'), m('lab-contour-ready'), m('lab-3d-ready'), window.lab.times.picture, window.lab.times.contour, window.lab.times.scene, window.lab.firstDraw]; })()");
                    Assert.Equal([t[1], t[3], t[4], t[4]], t[5..9]);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repetition {k + 1}, load {load} ({(load == 1 ? "fresh context" : "cached")}): page parsed {t[0]:0} ms, first picture {t[1]:0} ms, plotly.js ran by {t[2]:0} ms, contour {t[3]:0} ms, 3-D view {t[4]:0} ms after the page started loading"));
                    Assert.True(t[1] < t[2] && t[2] < t[3] && t[3] < t[4], "the picture before plotly.js runs, then the contour, then the 3-D view");
                    Assert.Empty(errors);
                    if (load != 2)
                    {
                        (load == 1 ? first : cached).Add(t);
                    }
                }
            }
            finally
            {
                await context.CloseAsync();
            }
        }

        foreach (var (name, loads) in new[] { ("first load", first), ("cached load", cached) })
        {
            string Median(int i) => string.Create(CultureInfo.InvariantCulture, $"{Percentile([.. loads.Select(t => t[i])], 0.5):0}");
            output.WriteLine($"{name} (median of {loads.Count}): first picture {Median(1)} ms, contour {Median(3)} ms, 3-D view {Median(4)} ms (target ≤ 1,000 ms)");
        }

        // The target is 1 s for the first picture; a shared CI machine (software WebGL, Debug build, other jobs) gets
        // five for it. The 3-D view is not the target's measure and gets thirty: with the whole Lab suite running beside
        // it (load 8) a first load drew it at 13.6 s, the picture at 0.8 s.
        Assert.All(first.Concat(cached), t => Assert.InRange(t[1], 1, 5_000));
        Assert.All(first.Concat(cached), t => Assert.InRange(t[4], 1, 30_000));
    }

    [BrowserFact]
    public async Task EachStreamedRecordReachesThePageSoonAfterItIsComputed()
    {
        // A run a user can set that is still computing when the page opens its stream: 200,000 samples (an epoch takes
        // 80-200 ms here), a record per epoch. Only records computed after the page asked for the stream count: for them
        // the time is what the stream and the page add, not what came before the page could listen.
        var runs = Repeat("LOSSLANDSCAPE_LAB_RUNS", 1);
        var epochs = Repeat("LOSSLANDSCAPE_LAB_EPOCHS", 20);
        await using var page = await OpenAsync();
        var errors = Errors(page);
        await page.GoToAsync(fixture.Lab.Url);
        await WaitAsync(page, "() => window.lab && window.lab.firstDraw !== null");
        await SetAsync(page, "samples", "200000");
        await page.ClickAsync("#draw");
        await WaitAsync(page, "() => window.lab.request && window.lab.request.samples === 200000 && !document.getElementById('draw').disabled");
        await page.EvaluateExpressionAsync("window.lab.drawing");
        await SetAsync(page, "epochs", epochs.ToString(CultureInfo.InvariantCulture));
        var (arrived, drawn, drawn3d) = (new List<double>(), new List<double>(), new List<double>());
        var records = 0;
        for (var k = 0; k < runs; k++)
        {
            await page.ClickAsync("#run");
            await WaitAsync(page, $"() => window.lab.runs.length === {k + 1} && window.lab.runs[{k}].status === 'finished' && window.lab.runs[{k}].times.every(t => t.drawn3d !== null)");
            var live = await page.EvaluateExpressionAsync<double[][]>(
                $"(() => {{ const r = window.lab.runs[{k}]; return r.times.filter(t => t.computed >= r.asked).map(t => [t.arrived - t.computed, t.drawn - t.computed, t.drawn3d - t.computed]); }})()");
            records += await page.EvaluateExpressionAsync<int>($"window.lab.runs[{k}].times.length");
            arrived.AddRange(live.Select(t => t[0]));
            drawn.AddRange(live.Select(t => t[1]));
            drawn3d.AddRange(live.Select(t => t[2]));

            // The next run starts from a page at rest (a finished run's covering grid may be redrawing).
            await page.EvaluateExpressionAsync("window.lab.drawing");
        }

        Assert.Equal((epochs + 1) * runs, records);
        string Stats(List<double> v) => string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(v, 0.5):0.0} ms, p95 {Percentile(v, 0.95):0.0} ms, max {v.Max():0.0} ms");
        output.WriteLine($"{arrived.Count} of {records} records computed after the page asked for the stream ({runs} runs of {epochs} epochs on 200,000 samples): computed → arrived {Stats(arrived)} (target ≤ 50 ms); → drawn on the loss chart and contour {Stats(drawn)}; → drawn on the 3-D view {Stats(drawn3d)}");

        // The run is long enough: most of its records are computed while the page listens.
        Assert.InRange(arrived.Count, (records / 2) + 1, records);

        // Both stamps are the same machine's wall clock (Date.now() in the page, DateTime.UtcNow on the server); the
        // target is 50 ms, a shared CI machine gets a second at the median.
        Assert.InRange(Percentile(arrived, 0.5), -5, 1_000);
        Assert.All(drawn.Zip(arrived), p => Assert.True(p.First >= p.Second, "drawn after it arrived"));
        Assert.Empty(errors);
    }

    private static int Repeat(string variable, int otherwise) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : otherwise;

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(p * sorted.Count) - 1))];
    }
}
