using System.Globalization;
using System.Text.Json;
using LossLandscape.Plotting.Export;
using LossLandscape.Testing;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace LossLandscape.Lab.Tests;

/// <summary>The lab on Kestrel and one headless Chromium, shared by the end-to-end tests.</summary>
public sealed class LabBrowserFixture : IAsyncLifetime
{
    private IBrowser? _browser;
    private Exception? _failure;

    internal LabHost Lab { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException($"headless Chromium is not available: {_failure?.Message}", _failure);

    public async Task InitializeAsync()
    {
        Lab = await LabHost.StartKestrelAsync();
        if (Environment.GetEnvironmentVariable("CI") != "true" && Environment.GetEnvironmentVariable(BrowserFactAttribute.SkipVariable) == "1")
        {
            return;
        }

        try
        {
            _browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = BrowserLocator.Find(null),
                Headless = true,
                Args = [.. FigureExporter.BrowserArguments],
                UserDataDir = Directory.CreateTempSubdirectory("losslandscape-lab-chromium-").FullName,
                Timeout = 60_000,
            });
        }
        catch (Exception e) when (e is BrowserNotFoundException or PuppeteerException or InvalidOperationException)
        {
            _failure = e;
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            _browser.Dispose();
        }

        await Lab.DisposeAsync();
    }
}

/// <summary>
/// The page in headless Chromium: the surface it draws is the API's, a click sets the start, Run streams run's
/// trajectory, runs race, Stop stops, Copy command reproduces the path. Screenshots of each state go to the folder
/// LOSSLANDSCAPE_LAB_SCREENSHOTS names, when set (the README's picture is made this way).
/// </summary>
public sealed partial class BrowserTests(LabBrowserFixture fixture, ITestOutputHelper output) : IClassFixture<LabBrowserFixture>
{
    private const int Timeout = 60_000;

    [BrowserFact]
    public async Task ThePageDrawsTheApisSurfaceAndAClickOnTheContourSetsTheStart()
    {
        await using var page = await OpenAsync();
        var errors = Errors(page);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GoToAsync(fixture.Lab.Url);
        await WaitAsync(page, "() => window.lab && window.lab.landscape && document.getElementById('contour').data && window.lab.firstDraw !== null");
        var drawnAt = await page.EvaluateExpressionAsync<double>("window.lab.firstDraw");
        output.WriteLine($"surface drawn {drawnAt:0} ms after the page started loading ({clock.ElapsedMilliseconds} ms wall clock, machine load included)");

        using var api = await fixture.Lab.PostAsync("/api/surface", "{}");
        using var document = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        var loss = document.RootElement.GetProperty("surface").GetProperty("loss");
        var z = await page.EvaluateExpressionAsync<double[][]>("document.getElementById('contour').data[0].z");
        var z3 = await page.EvaluateExpressionAsync<double[][]>("document.getElementById('surface3d').data[0].z");
        Assert.Equal(loss.GetArrayLength(), z[0].Length);
        for (var i = 0; i < loss.GetArrayLength(); i++)
        {
            for (var j = 0; j < loss[i].GetArrayLength(); j++)
            {
                Assert.Equal(loss[i][j].GetDouble(), z[j][i]);
                Assert.Equal(loss[i][j].GetDouble(), z3[j][i]);
            }
        }

        await ScreenshotAsync(page, "lab-loaded");
        var (x, y) = await PixelAsync(page, 0.5, 1.0);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        await WaitAsync(page, "() => document.getElementById('start-a').value !== '-1'");
        var a = double.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('start-a').value"), CultureInfo.InvariantCulture);
        var b = double.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('start-b').value"), CultureInfo.InvariantCulture);
        Assert.InRange(a, 0.5 - 0.026, 0.5 + 0.026);
        Assert.InRange(b, 1.0 - 0.026, 1.0 + 0.026);
        var marker = await page.EvaluateExpressionAsync<double[]>("(() => { const t = document.getElementById('contour').data.find(t => t.uid === 'start'); return [t.x[0], t.y[0]]; })()");
        Assert.Equal([a, b], marker);
        await ScreenshotAsync(page, "lab-start");
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task RunStreamsRunsTrajectoryAndCopyCommandReproducesIt()
    {
        await using var page = await OpenAsync();
        var errors = Errors(page);
        await page.GoToAsync(fixture.Lab.Url);
        await WaitAsync(page, "() => window.lab && window.lab.landscape");
        await page.SelectAsync("#optimizer", "adam");
        await SetAsync(page, "lr", "0.05");
        await SetAsync(page, "start-a", "0.5");
        await SetAsync(page, "start-b", "1.5");
        await page.ClickAsync("#run");
        await WaitAsync(page, "() => window.lab.runs.length === 1 && window.lab.runs[0].status === 'finished'");
        await WaitAsync(page, "() => document.getElementById('contour').data.some(t => t.uid && t.uid.endsWith('-2d') && t.x.length === 26)");
        var records = JsonDocument.Parse(await page.EvaluateExpressionAsync<string>("JSON.stringify(window.lab.runs[0].records)")).RootElement;
        Assert.Equal(26, records.GetArrayLength());
        // The 3-D view is extended less often than the contour (its redraw is dearer): it gets there too.
        await WaitAsync(page, "() => document.getElementById('surface3d').data.some(t => t.uid && t.uid.endsWith('-3d') && t.x.length >= 26)");
        var path3d = await page.EvaluateExpressionAsync<int>("document.getElementById('surface3d').data.find(t => t.uid && t.uid.endsWith('-3d')).x.length");
        Assert.Equal(26, path3d);

        await page.ClickAsync("#copy");
        await WaitAsync(page, "() => document.getElementById('command').value.startsWith('losslandscape')");
        var command = (await page.EvaluateExpressionAsync<string>("document.getElementById('command').value")).Split('\n')[0];
        output.WriteLine(command);
        Assert.Equal("losslandscape run --init 0.5,1.5 --optimizer adam --lr 0.05", command);
        var rows = Cli.Csv(Path.Combine(Cli.RunCommandLine(command), "trajectory.csv"));
        Assert.Equal(rows.Count, records.GetArrayLength());
        for (var k = 0; k < rows.Count; k++)
        {
            foreach (var column in new[] { "epoch", "step", "a", "b", "test_loss", "train_loss", "lr", "surface_loss" })
            {
                ApiTests.Close(rows[k][column], records[k].GetProperty(column).GetDouble(), $"record {k} {column}");
            }
        }

        await ScreenshotAsync(page, "lab-run");
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task ASecondRunRacesTheFirstAndStopStopsIt()
    {
        await using var page = await OpenAsync();
        var errors = Errors(page);
        await page.GoToAsync(fixture.Lab.Url);
        await WaitAsync(page, "() => window.lab && window.lab.landscape");
        await SetAsync(page, "samples", "1000000");
        await page.ClickAsync("#draw");
        await WaitAsync(page, "() => window.lab.request && window.lab.request.samples === 1000000 && !document.getElementById('draw').disabled");
        await SetAsync(page, "epochs", "1000");
        await SetAsync(page, "lr", "0.02");
        await page.ClickAsync("#run");
        await WaitAsync(page, "() => window.lab.runs.length === 1 && window.lab.runs[0].records.length > 2");
        await page.SelectAsync("#optimizer", "adam");
        await SetAsync(page, "lr", "0.05");
        await page.ClickAsync("#run");
        await WaitAsync(page, "() => window.lab.runs.length === 2 && window.lab.runs[1].records.length > 2");
        Assert.True(await page.EvaluateExpressionAsync<bool>("window.lab.runs.every(r => r.status === 'running')"), "both runs stream at once");
        var colours = await page.EvaluateExpressionAsync<string[]>("document.getElementById('contour').data.filter(t => t.uid && t.uid.endsWith('-2d')).map(t => t.line.color)");
        Assert.Equal(2, colours.Length);
        Assert.NotEqual(colours[0], colours[1]);
        await ScreenshotAsync(page, "lab-race");

        await page.ClickAsync("#runs li:first-child .stop");
        await WaitAsync(page, "() => window.lab.runs[0].status === 'stopped'");
        var stoppedAt = await page.EvaluateExpressionAsync<int>("window.lab.runs[0].records.length");
        Assert.InRange(stoppedAt, 3, 1000);
        await Task.Delay(300);
        Assert.Equal(stoppedAt, await page.EvaluateExpressionAsync<int>("window.lab.runs[0].records.length"));
        await page.ClickAsync("#runs li:last-child .stop");
        await WaitAsync(page, "() => window.lab.runs[1].status === 'stopped'");
        await ScreenshotAsync(page, "lab-stopped");

        await page.ClickAsync("#runs li:first-child .remove");
        await WaitAsync(page, "() => window.lab.runs.length === 1 && document.getElementById('contour').data.filter(t => t.uid && t.uid.endsWith('-2d')).length === 1");
        await ApiTests.WaitAsync(() => fixture.Lab.Running == 0, TimeSpan.FromSeconds(2));
        Assert.Empty(errors);
    }

    private async Task<IPage> OpenAsync(IBrowserContext? context = null)
    {
        var page = context is null ? await fixture.Browser.NewPageAsync() : await context.NewPageAsync();
        page.DefaultTimeout = Timeout;
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 900 });
        return page;
    }

    /// <summary>Console errors and page errors (a CSP violation is one).</summary>
    private static List<string> Errors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                errors.Add(e.Message.Text + " " + e.Message.Location?.URL);
            }
        };
        page.PageError += (_, e) => errors.Add(e.Message);
        return errors;
    }

    private static async Task WaitAsync(IPage page, string function)
    {
        try
        {
            await using var handle = await page.WaitForFunctionAsync(function, new WaitForFunctionOptions { Timeout = Timeout, PollingInterval = 20 });
        }
        catch (WaitTaskTimeoutException e)
        {
            // Say what the page showed, so a failure on a loaded CI machine can be told from a broken page.
            var shown = await page.EvaluateExpressionAsync<string>(
                "JSON.stringify({ runs: (window.lab && window.lab.runs || []).map(r => [r.status, r.records.length]), status: (document.getElementById('status') || {}).textContent, paths: ['losses', 'contour', 'surface3d'].map(id => (document.getElementById(id).data || []).filter(t => t.uid && t.uid !== 'start').map(t => t.uid + ':' + t.x.length)) })");
            throw new TimeoutException($"{function} not true within {Timeout} ms; the page showed {shown}", e);
        }
    }

    private static Task SetAsync(IPage page, string id, string value) =>
        page.EvaluateFunctionAsync("(id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change')); }", id, value);

    /// <summary>The page pixel of plane point (a, b) on the contour map.</summary>
    private static async Task<(decimal X, decimal Y)> PixelAsync(IPage page, double a, double b)
    {
        var xy = await page.EvaluateFunctionAsync<double[]>(
            "(a, b) => { const gd = document.getElementById('contour'); const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis; const r = gd.getBoundingClientRect(); return [r.left + xa._offset + xa.l2p(a), r.top + ya._offset + ya.l2p(b)]; }",
            a,
            b);
        return ((decimal)xy[0], (decimal)xy[1]);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LOSSLANDSCAPE_LAB_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(Path.Combine(folder, name + ".png"));
        }
    }
}
