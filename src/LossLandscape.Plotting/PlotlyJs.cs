using System.Text.Json;

namespace LossLandscape.Plotting;

/// <summary>How an HTML file gets plotly.js, as plotly's <c>include_plotlyjs</c>.</summary>
public enum PlotlyJsMode
{
    /// <summary>The whole library inside the HTML: one file that works offline.</summary>
    Inline,

    /// <summary>A script tag that loads the same version from the plotly CDN.</summary>
    Cdn,

    /// <summary>A script tag for <c>plotly.min.js</c> beside the HTML (written once).</summary>
    Directory,
}

/// <summary>The plotly.js library embedded at build time from the npm package <c>plotly.js-dist-min</c>.</summary>
public static class PlotlyJs
{
    /// <summary>File name used by <see cref="PlotlyJsMode.Directory"/>.</summary>
    public const string FileName = "plotly.min.js";

    private static readonly Lazy<string> LazySource = new(() => ReadResource("LossLandscape.Plotting.plotly.min.js"));
    private static readonly Lazy<string> LazyVersion = new(() =>
    {
        using var document = JsonDocument.Parse(ReadResource("LossLandscape.Plotting.plotly.package.json"));
        return document.RootElement.GetProperty("version").GetString() ?? "unknown";
    });

    /// <summary>The minified library.</summary>
    public static string Source => LazySource.Value;

    /// <summary>The library's version, e.g. 4.1.2.</summary>
    public static string Version => LazyVersion.Value;

    /// <summary>Copies the minified library's UTF-8 bytes, as embedded, to <paramref name="destination"/>.</summary>
    public static void CopySourceTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var stream = Resource("LossLandscape.Plotting.plotly.min.js");
        stream.CopyTo(destination);
    }

    /// <summary>The CDN address of this version.</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/plotly-{Version}.min.js";

    private static string ReadResource(string name)
    {
        using var stream = Resource(name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Stream Resource(string name) =>
        typeof(PlotlyJs).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing: build the Plotting project with npm available");
}
