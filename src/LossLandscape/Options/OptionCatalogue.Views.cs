using System.Globalization;

namespace LossLandscape.Options;

/// <summary>The view and output options.</summary>
public static partial class OptionCatalogue
{
    /// <summary>Smallest image side in pixels.</summary>
    public const int MinImageSize = 100;

    /// <summary>Largest image side in pixels.</summary>
    public const int MaxImageSize = 8000;

    private static IEnumerable<OptionDefinition> ViewOptions() =>
    [
        Flag("log-loss", OptionGroup.Views, "Draw log10 of the loss in the 3-D view (landscape.html; compare.html) and in contour.html"),
        Flag("no-animation", OptionGroup.Views, "Leave out the play button and slider that grow the paths record by record"),
        Flag("png", OptionGroup.Views, "Also write landscape.png (compare: compare.png) and contour.png (headless Chromium)"),
        Flag("svg", OptionGroup.Views, "Also write landscape.svg (compare: compare.svg) and contour.svg (headless Chromium)"),
        Pixels("width", "Width") with { DefaultHelp = "800; compare's race figure 900" },
        Pixels("height", "Height") with { DefaultHelp = "800; compare's race figure 1100" },
        File("browser", "PATH", OptionGroup.Views, "Chromium or Chrome for «png»/«svg»") with { DefaultHelp = "chromium, chromium-browser or google-chrome on PATH" },
        Word("plotlyjs", "MODE", OptionGroup.Views, "How the HTML gets plotly.js: inline|cdn|directory", ("inline", "inline"), ("cdn", "cdn"), ("directory", "directory")) with { Default = "inline" },
    ];

    private static IEnumerable<OptionDefinition> OutputOptions() =>
    [
        File("out", "DIR", OptionGroup.Output, "Output directory, created if missing") with { Default = "landscape-out", CompareDefault = "compare-out", Alias = "-o" },
        File("config", "RUN.JSON", OptionGroup.Output, "Rerun the options recorded in a run folder's run.json; options given beside it override the file's, and relative paths in it are read against its folder (at most 16 MiB)"),
        File("export-onnx", "FILE.onnx", OptionGroup.Output, "Also write the trained MLP (the last record) as ONNX, opset 17, float32"),
    ];

    private static OptionDefinition Pixels(string name, string what) =>
        Integer(name, "PIXELS", OptionGroup.Views, $"{what} of the figures and images in pixels ({MinImageSize} to {MaxImageSize})") with
        {
            Default = "800",
            Unit = "pixels",
            Parse = text =>
            {
                var value = OptionParse.Int(name, text);
                return value is >= MinImageSize and <= MaxImageSize
                    ? value
                    : throw new InvalidOptionException(name, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range; use {MinImageSize} to {MaxImageSize} pixels"));
            },
        };
}
