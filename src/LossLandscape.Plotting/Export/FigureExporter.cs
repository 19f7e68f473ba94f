using System.Text;
using LossLandscape.IO;
using PuppeteerSharp;

namespace LossLandscape.Plotting.Export;

/// <summary>
/// Writes figures as PNG or SVG with plotly's own <c>Plotly.toImage</c> in headless Chromium driven by PuppeteerSharp.
/// One browser and one page with plotly.js serve every export: each figure is drawn afresh in that page with
/// <c>Plotly.newPlot</c>. Calls are serialised.
/// WebGL (the 3-D view) runs on SwiftShader, so no GPU is needed.
/// </summary>
public sealed class FigureExporter : IAsyncDisposable, IDisposable
{
    /// <summary>The switches Chromium gets: software WebGL, no sandbox (root in containers), nothing fetched on its own.</summary>
    public static readonly IReadOnlyList<string> BrowserArguments =
    [
        "--no-sandbox",
        "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ];

    private readonly IBrowser _browser;
    private readonly BrowserProcess _process;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPage? _stage;

    private FigureExporter(IBrowser browser, BrowserProcess process)
    {
        _browser = browser;
        _process = process;
    }

    /// <summary>How long the browser may take to start and answer before it is stopped.</summary>
    public static readonly TimeSpan DefaultLaunchTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The browser executable in use.</summary>
    public string ExecutablePath => _process.ExecutablePath;

    /// <summary>The browser's profile folder (its <c>--user-data-dir</c>), unique to this exporter.</summary>
    public string Profile => _process.Profile;

    /// <summary>Milliseconds allowed for a page to draw and for one image.</summary>
    public int TimeoutMilliseconds { get; init; } = 120_000;

    /// <summary>
    /// Starts headless Chromium from <paramref name="executablePath"/> (see <see cref="BrowserLocator"/>) in a process
    /// group of its own and connects to it. Throws <see cref="BrowserStartException"/>, naming the executable, when it
    /// exits early or does not answer within <paramref name="launchTimeout"/> (default <see cref="DefaultLaunchTimeout"/>);
    /// the browser and everything it started are then stopped.
    /// </summary>
    public static async Task<FigureExporter> LaunchAsync(string executablePath, TimeSpan? launchTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executablePath);
        var timeout = launchTimeout ?? DefaultLaunchTimeout;
        var process = BrowserProcess.Start(executablePath, BrowserArguments);
        try
        {
            var endpoint = await process.WaitForEndpointAsync(timeout, cancellationToken).ConfigureAwait(false);
            var browser = await Puppeteer.ConnectAsync(new ConnectOptions { BrowserWSEndpoint = endpoint })
                .WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return new FigureExporter(browser, process);
        }
        catch (Exception e) when (e is not BrowserStartException and not OperationCanceledException)
        {
            process.Dispose();
            throw new BrowserStartException($"'{executablePath}' did not answer: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>The figure drawn at <paramref name="width"/> × <paramref name="height"/> in each of <paramref name="formats"/>.</summary>
    public async Task<IReadOnlyDictionary<ImageFormat, byte[]>> RenderAsync(Figure figure, IReadOnlyList<ImageFormat> formats, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var limit = TimeSpan.FromMilliseconds(TimeoutMilliseconds);
            try
            {
                var page = await DrawAsync(figure).WaitAsync(limit, cancellationToken).ConfigureAwait(false);
                var images = new Dictionary<ImageFormat, byte[]>();
                foreach (var format in formats)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var url = await page.EvaluateFunctionAsync<string>(
                        "(format, width, height) => Plotly.toImage(document.getElementById('figure-0'), { format: format, width: width, height: height, scale: 1 })",
                        Word(format),
                        width,
                        height).WaitAsync(limit, cancellationToken).ConfigureAwait(false);
                    images[format] = DecodeDataUrl(url);
                }

                return images;
            }
            catch (TimeoutException e)
            {
                // A browser that stops answering is stopped with everything it started.
                _process.Kill();
                throw new BrowserFailedException($"the browser '{ExecutablePath}' did not draw the figure within {limit.TotalSeconds:0} s", e);
            }
            catch (Exception e) when (e is PuppeteerException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The browser died or its connection broke while drawing: one line naming it, not the driver's words.
                var ended = _process.HasExited || e is OperationCanceledException or TargetClosedException;
                _process.Kill();
                var what = ended ? "it ended or closed its connection" : Short(e.Message);
                throw new BrowserFailedException($"the browser '{ExecutablePath}' failed while drawing a figure: {what}", e);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the figure to <paramref name="basePath"/> plus ".png"/".svg" for each format, atomically.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(Figure figure, string basePath, IReadOnlyList<ImageFormat> formats, int width, int height, CancellationToken cancellationToken = default)
    {
        var images = await RenderAsync(figure, formats, width, height, cancellationToken).ConfigureAwait(false);
        var written = new List<string>();
        foreach (var (format, bytes) in images)
        {
            var path = $"{basePath}.{Word(format)}";
            AtomicFile.Write(path, stream => stream.Write(bytes));
            written.Add(path);
        }

        return written;
    }

    /// <summary>
    /// Draws <paramref name="figure"/> in the div <c>figure-0</c> and runs <paramref name="function"/> (a JavaScript
    /// function, possibly async) with <paramref name="arguments"/>: for checks of what plotly draws.
    /// </summary>
    public async Task<T> EvaluateAsync<T>(Figure figure, string function, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(figure);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var page = await DrawAsync(figure).ConfigureAwait(false);
            return await page.EvaluateFunctionAsync<T>(function, arguments).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The stage page (plotly.js loaded once, then reused) with <paramref name="figure"/> drawn afresh in its div.
    /// </summary>
    private async Task<IPage> DrawAsync(Figure figure)
    {
        if (_stage is null)
        {
            var html = Path.Combine(Path.GetTempPath(), $"losslandscape-stage-{Environment.ProcessId}-{Guid.NewGuid():N}.html");
            var page = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><script>")
                .Append(PlotlyJs.Source)
                .Append("</script></head><body style=\"margin:0;background:").Append(DarkTheme.Background)
                .Append("\"><div id=\"figure-0\"></div></body></html>\n");
            await File.WriteAllTextAsync(html, page.ToString()).ConfigureAwait(false);
            try
            {
                _stage = await _browser.NewPageAsync().ConfigureAwait(false);
                await _stage.GoToAsync(new Uri(html).AbsoluteUri, TimeoutMilliseconds).ConfigureAwait(false);
                await _stage.WaitForFunctionAsync("() => typeof Plotly !== 'undefined'", new WaitForFunctionOptions { Timeout = TimeoutMilliseconds }).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(html);
            }
        }

        await _stage.EvaluateFunctionAsync(
            "async (json) => { const gd = document.getElementById('figure-0'); Plotly.purge(gd); await Plotly.newPlot(gd, JSON.parse(json)); }",
            HtmlPage.ToJson(figure)).ConfigureAwait(false);
        return _stage;
    }

    /// <summary>The first line of a driver's message, at most 120 characters.</summary>
    private static string Short(string message)
    {
        var line = message.ReplaceLineEndings("\n").Split('\n')[0].Trim();
        return line.Length > 120 ? line[..120] + "…" : line;
    }

    /// <summary>The bytes of a <c>data:</c> URL (base64 or percent-encoded).</summary>
    public static byte[] DecodeDataUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (!url.StartsWith("data:", StringComparison.Ordinal) || comma < 0)
        {
            throw new FormatException("plotly did not return a data URL");
        }

        var header = url[..comma];
        var body = url[(comma + 1)..];
        return header.EndsWith(";base64", StringComparison.Ordinal)
            ? Convert.FromBase64String(body)
            : Encoding.UTF8.GetBytes(Uri.UnescapeDataString(body));
    }

    /// <summary>The file extension and plotly format name of a format.</summary>
    public static string Word(ImageFormat format) => format switch
    {
        ImageFormat.Png => "png",
        ImageFormat.Svg => "svg",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Closes the browser; whatever of it is still running after a few seconds is killed with its process group.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or PuppeteerException or IOException or ObjectDisposedException)
        {
        }

        await _process.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _process.Dispose();
        _browser.Dispose();
        _gate.Dispose();
    }

    /// <summary>Closes the browser (blocking), as <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
