using LossLandscape.Cli.Infrastructure;
using LossLandscape.Plotting;
using LossLandscape.Plotting.Export;

namespace LossLandscape.Cli.Commands;

/// <summary>The options of the views and the static export (contour view, log scale, animation, PNG/SVG).</summary>
public partial class RunSettings
{
    /// <summary>Smallest image side in pixels.</summary>
    public const int MinImageSize = 100;

    /// <summary>Largest image side in pixels.</summary>
    public const int MaxImageSize = 8000;

    private string _width = "800";
    private string _height = "800";

    /// <summary>--log-loss.</summary>
    public bool LogLoss { get; set; }

    /// <summary>--no-animation.</summary>
    public bool NoAnimation { get; set; }

    /// <summary>--png.</summary>
    public bool Png { get; set; }

    /// <summary>--svg.</summary>
    public bool Svg { get; set; }

    /// <summary>--width.</summary>
    public string Width
    {
        get => _width;
        set
        {
            _width = value;
            WidthGiven = true;
        }
    }

    /// <summary>--height.</summary>
    public string Height
    {
        get => _height;
        set
        {
            _height = value;
            HeightGiven = true;
        }
    }

    /// <summary>True when --width was given (figures with their own default size keep it otherwise).</summary>
    public bool WidthGiven { get; private set; }

    /// <summary>True when --height was given.</summary>
    public bool HeightGiven { get; private set; }

    /// <summary>--browser.</summary>
    public string? Browser { get; set; }

    /// <summary>The size of a figure whose own default is <paramref name="width"/> × <paramref name="height"/>: each side as given, else that default.</summary>
    public (int Width, int Height) FigureSize(int width, int height)
    {
        var options = ToViewOptions();
        return (WidthGiven ? options.Width : width, HeightGiven ? options.Height : height);
    }

    /// <summary>The parsed view options.</summary>
    public ViewOptions ToViewOptions() => new()
    {
        Width = Pixels("--width", Width),
        Height = Pixels("--height", Height),
        LogLoss = LogLoss,
        Animate = !NoAnimation,
    };

    /// <summary>The image formats asked for, in order.</summary>
    public IReadOnlyList<ImageFormat> ImageFormats() =>
        [.. Png ? new[] { ImageFormat.Png } : [], .. Svg ? new[] { ImageFormat.Svg } : []];

    /// <summary>The browser for the export, or null when no image is asked for; a missing browser is a usage error.</summary>
    public string? ResolveBrowser()
    {
        if (ImageFormats().Count == 0)
        {
            if (Browser is not null)
            {
                throw new UsageException("--browser: only used with --png or --svg");
            }

            return null;
        }

        try
        {
            return BrowserLocator.Find(Browser);
        }
        catch (BrowserNotFoundException e)
        {
            throw new UsageException($"{(Browser is null ? "--png/--svg" : "--browser")}: {e.Message}");
        }
    }

    private static int Pixels(string option, string text)
    {
        var value = OptionValue.Int(option, text);
        if (value < MinImageSize || value > MaxImageSize)
        {
            throw new UsageException($"{option}: {value} is out of range; use {MinImageSize} to {MaxImageSize} pixels");
        }

        return value;
    }
}
