using LossLandscape.Plotting.Export;

namespace LossLandscape.Plotting.Tests;

/// <summary>One headless Chromium shared by every browser test of this assembly.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private FigureExporter? _exporter;
    private Exception? _failure;

    /// <summary>The exporter; fails the test (does not skip it) when no browser could be started.</summary>
    public FigureExporter Exporter => _exporter ?? throw new InvalidOperationException($"headless Chromium is not available: {_failure?.Message}", _failure);

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && Environment.GetEnvironmentVariable(Testing.BrowserFactAttribute.SkipVariable) == "1")
        {
            return;
        }

        try
        {
            _exporter = await FigureExporter.LaunchAsync(BrowserLocator.Find(null));
        }
        catch (Exception e) when (e is BrowserNotFoundException or BrowserStartException or InvalidOperationException)
        {
            _failure = e;
        }
    }

    public async Task DisposeAsync()
    {
        if (_exporter is not null)
        {
            await _exporter.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xunit's convention names a collection definition *Collection")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
