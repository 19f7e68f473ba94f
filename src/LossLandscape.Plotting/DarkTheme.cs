namespace LossLandscape.Plotting;

/// <summary>
/// The colours of plotly's <c>plotly_dark</c> template, applied as explicit layout values
/// (plotly.js itself ships no templates; they live in the Python package).
/// </summary>
public static class DarkTheme
{
    /// <summary>Background of paper and plots.</summary>
    public const string Background = "rgb(17,17,17)";

    /// <summary>Text colour.</summary>
    public const string Text = "#f2f5fa";

    /// <summary>3-D grid and axis line colour.</summary>
    public const string SceneGrid = "#506784";

    /// <summary>3-D zero line colour.</summary>
    public const string SceneZeroLine = "#C8D4E3";

    /// <summary>2-D grid colour.</summary>
    public const string Grid = "#283442";

    /// <summary>The template's default trace colours.</summary>
    public static readonly IReadOnlyList<string> Colorway =
        ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"];

    /// <summary>The template's sequential colour scale (plasma), used for surfaces and contours.</summary>
    public static readonly IReadOnlyList<object[]> Sequential =
    [
        [0.0, "#0d0887"], [1.0 / 9, "#46039f"], [2.0 / 9, "#7201a8"], [3.0 / 9, "#9c179e"], [4.0 / 9, "#bd3786"],
        [5.0 / 9, "#d8576b"], [6.0 / 9, "#ed7953"], [7.0 / 9, "#fb9f3a"], [8.0 / 9, "#fdca26"], [1.0, "#f0f921"],
    ];

    /// <summary>
    /// The template's diverging colour scale (PiYG) reversed, for signed values drawn with their midpoint at 0: green
    /// below 0, near-white at 0, magenta above (for the gap test − train, above 0 is where the model generalises worse).
    /// </summary>
    public static readonly IReadOnlyList<object[]> Diverging =
    [
        [0.0, "#276419"], [0.1, "#4d9221"], [0.2, "#7fbc41"], [0.3, "#b8e186"], [0.4, "#e6f5d0"], [0.5, "#f7f7f7"],
        [0.6, "#fde0ef"], [0.7, "#f1b6da"], [0.8, "#de77ae"], [0.9, "#c51b7d"], [1.0, "#8e0152"],
    ];

    /// <summary>A 3-D axis styled as the template, titled, with grid lines on or off.</summary>
    public static Axis SceneAxis(string title, bool showGrid) => new()
    {
        Title = new Title(title),
        ShowGrid = showGrid,
        GridColor = SceneGrid,
        GridWidth = 2,
        LineColor = SceneGrid,
        ZeroLineColor = SceneZeroLine,
        ShowBackground = true,
        BackgroundColor = Background,
        Ticks = string.Empty,
    };

    /// <summary>A 2-D axis styled as the template.</summary>
    public static Axis PlaneAxis(string title) => new()
    {
        Title = new Title(title),
        GridColor = Grid,
        LineColor = SceneGrid,
        ZeroLineColor = Grid,
        Ticks = string.Empty,
        AutoMargin = true,
    };

    /// <summary>A layout with the template's colours and nothing else.</summary>
    public static Layout BaseLayout(string title, int width, int height) => new()
    {
        Title = new Title(title) { X = 0.05 },
        Width = width,
        Height = height,
        PaperBackground = Background,
        PlotBackground = Background,
        Font = new Font { Color = Text },
        Colorway = Colorway,
        HoverLabel = new HoverLabel { Align = "left" },
    };
}
