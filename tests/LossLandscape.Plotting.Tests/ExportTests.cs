using LossLandscape.Plotting.Export;

namespace LossLandscape.Plotting.Tests;

public sealed class ExportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("losslandscape-locator-").FullName;

    [Fact]
    public void LocatorFindsTheFirstKnownNameOnThePath()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "google-chrome"), string.Empty);
        File.WriteAllText(Path.Combine(bin, "chromium-browser"), string.Empty);
        Assert.Equal(Path.Combine(bin, "chromium-browser"), BrowserLocator.Find(null, $"/nonexistent{Path.PathSeparator}{bin}"));
    }

    [Fact]
    public void LocatorNamesWhatItLookedForWhenNothingIsFound()
    {
        var error = Assert.Throws<BrowserNotFoundException>(() => BrowserLocator.Find(null, _directory));
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("--browser", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AnExplicitBrowserMustExist()
    {
        var error = Assert.Throws<BrowserNotFoundException>(() => BrowserLocator.Find(Path.Combine(_directory, "no-such-browser")));
        Assert.Contains("no-such-browser", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataUrlsDecodeFromBase64AndFromPercentEncoding()
    {
        Assert.Equal([1, 2, 3], FigureExporter.DecodeDataUrl("data:image/png;base64,AQID"));
        Assert.Equal("<svg a=\"1\"/>"u8.ToArray(), FigureExporter.DecodeDataUrl("data:image/svg+xml,%3Csvg%20a%3D%221%22%2F%3E"));
        Assert.Throws<FormatException>(() => FigureExporter.DecodeDataUrl("image/png"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
