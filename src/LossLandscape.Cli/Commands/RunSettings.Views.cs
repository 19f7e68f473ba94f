using LossLandscape.Cli.Infrastructure;
using LossLandscape.Plotting;
using LossLandscape.Plotting.Export;

namespace LossLandscape.Cli.Commands;

/// <summary>The options of the views and the static export (contour view, log scale, animation, PNG/SVG).</summary>
public partial class RunSettings
{
    /// <summary>The size of a figure whose own default is <paramref name="width"/> × <paramref name="height"/>: each side as given, else that default.</summary>
    public (int Width, int Height) FigureSize(int width, int height)
    {
        var options = ToViewOptions();
        return (Values.IsGiven("width") ? options.Width : width, Values.IsGiven("height") ? options.Height : height);
    }

    /// <summary>The parsed view options.</summary>
    public ViewOptions ToViewOptions() => new()
    {
        Width = Usage(() => Get<int>("width")),
        Height = Usage(() => Get<int>("height")),
        LogLoss = Flag("log-loss"),
        Animate = !Flag("no-animation"),
    };

    /// <summary>The image formats asked for, in order.</summary>
    public IReadOnlyList<ImageFormat> ImageFormats() =>
        [.. Flag("png") ? new[] { ImageFormat.Png } : [], .. Flag("svg") ? new[] { ImageFormat.Svg } : []];

    /// <summary>The browser for the export, or null when no image is asked for; a missing browser is a usage error.</summary>
    public string? ResolveBrowser()
    {
        if (ImageFormats().Count == 0)
        {
            if (Text("browser") is not null)
            {
                throw new UsageException("--browser: only used with --png or --svg");
            }

            return null;
        }

        try
        {
            return BrowserLocator.Find(Text("browser"));
        }
        catch (BrowserNotFoundException e)
        {
            throw new UsageException($"{(Text("browser") is null ? "--png/--svg" : "--browser")}: {e.Message}");
        }
    }
}
