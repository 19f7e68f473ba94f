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
public sealed class FigureExporter : IAsyncDisposable
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
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPage? _stage;

    private FigureExporter(IBrowser browser, string executablePath)
    {
        _browser = browser;
        ExecutablePath = executablePath;
    }

    /// <summary>The browser executable in use.</summary>
    public string ExecutablePath { get; }

    /// <summary>Milliseconds allowed for a page to draw and for one image.</summary>
    public int TimeoutMilliseconds { get; init; } = 120_000;

    /// <summary>Starts headless Chromium from <paramref name="executablePath"/> (see <see cref="BrowserLocator"/>).</summary>
    public static async Task<FigureExporter> LaunchAsync(string executablePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executablePath);
        var options = new LaunchOptions
        {
            Headless = true,
            ExecutablePath = executablePath,
            Args = [.. BrowserArguments],
            Timeout = 60_000,
        };
        try
        {
            var browser = await Puppeteer.LaunchAsync(options).ConfigureAwait(false);
            return new FigureExporter(browser, executablePath);
        }
        catch (PuppeteerException e)
        {
            throw new InvalidOperationException($"could not start the browser '{executablePath}': {e.Message.ReplaceLineEndings(" ")}", e);
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
            var page = await DrawAsync(figure).ConfigureAwait(false);
            var images = new Dictionary<ImageFormat, byte[]>();
            foreach (var format in formats)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var url = await page.EvaluateFunctionAsync<string>(
                    "(format, width, height) => Plotly.toImage(document.getElementById('figure-0'), { format: format, width: width, height: height, scale: 1 })",
                    Word(format),
                    width,
                    height).ConfigureAwait(false);
                images[format] = DecodeDataUrl(url);
            }

            return images;
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

    /// <summary>Closes the browser.</summary>
    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync().ConfigureAwait(false);
        _browser.Dispose();
        _gate.Dispose();
    }
}
