using System.Text.Json.Serialization;

namespace LossLandscape.Plotting;

/// <summary>Plotly's layout: size, colours, axes and controls.</summary>
public sealed record Layout
{
    /// <summary>Figure title.</summary>
    [JsonPropertyName("title")]
    public Title? Title { get; init; }

    /// <summary>Width in pixels.</summary>
    [JsonPropertyName("width")]
    public int? Width { get; init; }

    /// <summary>Height in pixels.</summary>
    [JsonPropertyName("height")]
    public int? Height { get; init; }

    /// <summary>Background outside the plotting area.</summary>
    [JsonPropertyName("paper_bgcolor")]
    public string? PaperBackground { get; init; }

    /// <summary>Background of 2-D plotting areas.</summary>
    [JsonPropertyName("plot_bgcolor")]
    public string? PlotBackground { get; init; }

    /// <summary>Default font.</summary>
    [JsonPropertyName("font")]
    public Font? Font { get; init; }

    /// <summary>Default trace colours, in order.</summary>
    [JsonPropertyName("colorway")]
    public IReadOnlyList<string>? Colorway { get; init; }

    /// <summary>The 3-D scene.</summary>
    [JsonPropertyName("scene")]
    public Scene? Scene { get; init; }

    /// <summary>First 2-D x axis.</summary>
    [JsonPropertyName("xaxis")]
    public Axis? XAxis { get; init; }

    /// <summary>First 2-D y axis.</summary>
    [JsonPropertyName("yaxis")]
    public Axis? YAxis { get; init; }

    /// <summary>Second 2-D x axis.</summary>
    [JsonPropertyName("xaxis2")]
    public Axis? XAxis2 { get; init; }

    /// <summary>Second 2-D y axis.</summary>
    [JsonPropertyName("yaxis2")]
    public Axis? YAxis2 { get; init; }

    /// <summary>Legend.</summary>
    [JsonPropertyName("legend")]
    public Legend? Legend { get; init; }

    /// <summary>Show the legend.</summary>
    [JsonPropertyName("showlegend")]
    public bool? ShowLegend { get; init; }

    /// <summary>Margins.</summary>
    [JsonPropertyName("margin")]
    public Margin? Margin { get; init; }

    /// <summary>Hover label style.</summary>
    [JsonPropertyName("hoverlabel")]
    public HoverLabel? HoverLabel { get; init; }

    /// <summary>Text boxes placed on the figure.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyList<Annotation>? Annotations { get; init; }

    /// <summary>Buttons (e.g. play and pause).</summary>
    [JsonPropertyName("updatemenus")]
    public IReadOnlyList<UpdateMenu>? UpdateMenus { get; init; }

    /// <summary>Sliders (e.g. the animation's record slider).</summary>
    [JsonPropertyName("sliders")]
    public IReadOnlyList<Slider>? Sliders { get; init; }
}

/// <summary>A title.</summary>
/// <param name="Text">The text.</param>
public sealed record Title([property: JsonPropertyName("text"), JsonConverter(typeof(PlainTextConverter))] string Text)
{
    /// <summary>Horizontal position (0–1).</summary>
    [JsonPropertyName("x")]
    public double? X { get; init; }

    /// <summary>Vertical position (for a figure title: a fraction of the figure's height, from the bottom).</summary>
    [JsonPropertyName("y")]
    public double? Y { get; init; }

    /// <summary>Which edge of the title <see cref="Y"/> places: "top", "middle" or "bottom".</summary>
    [JsonPropertyName("yanchor")]
    public string? YAnchor { get; init; }

    /// <summary>Font.</summary>
    [JsonPropertyName("font")]
    public Font? Font { get; init; }
}

/// <summary>A font.</summary>
public sealed record Font
{
    /// <summary>Colour.</summary>
    [JsonPropertyName("color")]
    public string? Color { get; init; }

    /// <summary>Size in points.</summary>
    [JsonPropertyName("size")]
    public double? Size { get; init; }

    /// <summary>Family.</summary>
    [JsonPropertyName("family")]
    public string? Family { get; init; }
}

/// <summary>A 3-D scene.</summary>
public sealed record Scene
{
    /// <summary>x axis.</summary>
    [JsonPropertyName("xaxis")]
    public Axis? XAxis { get; init; }

    /// <summary>y axis.</summary>
    [JsonPropertyName("yaxis")]
    public Axis? YAxis { get; init; }

    /// <summary>z axis.</summary>
    [JsonPropertyName("zaxis")]
    public Axis? ZAxis { get; init; }

    /// <summary>"auto", "cube", "data" or "manual".</summary>
    [JsonPropertyName("aspectmode")]
    public string? AspectMode { get; init; }

    /// <summary>Axis ratios with aspectmode "manual".</summary>
    [JsonPropertyName("aspectratio")]
    public AspectRatio? AspectRatio { get; init; }

    /// <summary>Where the scene lies in the figure.</summary>
    [JsonPropertyName("domain")]
    public Domain? Domain { get; init; }

    /// <summary>Camera position.</summary>
    [JsonPropertyName("camera")]
    public Camera? Camera { get; init; }
}

/// <summary>Axis ratios of a 3-D scene.</summary>
/// <param name="X">x.</param>
/// <param name="Y">y.</param>
/// <param name="Z">z.</param>
public sealed record AspectRatio(
    [property: JsonPropertyName("x")] double X,
    [property: JsonPropertyName("y")] double Y,
    [property: JsonPropertyName("z")] double Z);

/// <summary>A region of the figure, in fractions.</summary>
public sealed record Domain
{
    /// <summary>Horizontal extent.</summary>
    [JsonPropertyName("x")]
    public double[]? X { get; init; }

    /// <summary>Vertical extent.</summary>
    [JsonPropertyName("y")]
    public double[]? Y { get; init; }
}

/// <summary>A 3-D camera.</summary>
public sealed record Camera
{
    /// <summary>Eye position.</summary>
    [JsonPropertyName("eye")]
    public AspectRatio? Eye { get; init; }
}

/// <summary>An axis (2-D or of a 3-D scene).</summary>
public sealed record Axis
{
    /// <summary>Title.</summary>
    [JsonPropertyName("title")]
    public Title? Title { get; init; }

    /// <summary>Draw grid lines.</summary>
    [JsonPropertyName("showgrid")]
    public bool? ShowGrid { get; init; }

    /// <summary>Grid colour.</summary>
    [JsonPropertyName("gridcolor")]
    public string? GridColor { get; init; }

    /// <summary>Grid width.</summary>
    [JsonPropertyName("gridwidth")]
    public double? GridWidth { get; init; }

    /// <summary>Axis line colour.</summary>
    [JsonPropertyName("linecolor")]
    public string? LineColor { get; init; }

    /// <summary>Zero line colour.</summary>
    [JsonPropertyName("zerolinecolor")]
    public string? ZeroLineColor { get; init; }

    /// <summary>Fill the 3-D axis wall.</summary>
    [JsonPropertyName("showbackground")]
    public bool? ShowBackground { get; init; }

    /// <summary>3-D axis wall colour.</summary>
    [JsonPropertyName("backgroundcolor")]
    public string? BackgroundColor { get; init; }

    /// <summary>Tick style ("" for none, as in the dark theme).</summary>
    [JsonPropertyName("ticks")]
    public string? Ticks { get; init; }

    /// <summary>Axis range [min, max].</summary>
    [JsonPropertyName("range")]
    public double[]? Range { get; init; }

    /// <summary>"normal", "tozero" or "nonnegative": where an automatic range may start.</summary>
    [JsonPropertyName("rangemode")]
    public string? RangeMode { get; init; }

    /// <summary>"linear", "log"…</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Step between ticks; on a log axis in powers of ten (1: a tick and label at each decade only).</summary>
    [JsonPropertyName("dtick")]
    public double? DTick { get; init; }

    /// <summary>Where a 2-D axis lies in the figure.</summary>
    [JsonPropertyName("domain")]
    public double[]? Domain { get; init; }

    /// <summary>Which axis this one is anchored to.</summary>
    [JsonPropertyName("anchor")]
    public string? Anchor { get; init; }

    /// <summary>Lock the scale to another axis (e.g. "x" for equal units).</summary>
    [JsonPropertyName("scaleanchor")]
    public string? ScaleAnchor { get; init; }

    /// <summary>Keep the grid inside the data range.</summary>
    [JsonPropertyName("constrain")]
    public string? Constrain { get; init; }

    /// <summary>Draw the zero line.</summary>
    [JsonPropertyName("zeroline")]
    public bool? ZeroLine { get; init; }

    /// <summary>Share the range of another axis (e.g. "x" for panels stacked over one x).</summary>
    [JsonPropertyName("matches")]
    public string? Matches { get; init; }

    /// <summary>Automatic margin for labels.</summary>
    [JsonPropertyName("automargin")]
    public bool? AutoMargin { get; init; }
}

/// <summary>Legend.</summary>
public sealed record Legend
{
    /// <summary>Horizontal position.</summary>
    [JsonPropertyName("x")]
    public double? X { get; init; }

    /// <summary>Vertical position.</summary>
    [JsonPropertyName("y")]
    public double? Y { get; init; }

    /// <summary>Background colour.</summary>
    [JsonPropertyName("bgcolor")]
    public string? BackgroundColor { get; init; }

    /// <summary>"v" or "h".</summary>
    [JsonPropertyName("orientation")]
    public string? Orientation { get; init; }

    /// <summary>Title.</summary>
    [JsonPropertyName("title")]
    public Title? Title { get; init; }

    /// <summary>Which edge of the legend <see cref="Y"/> places: "top", "middle" or "bottom".</summary>
    [JsonPropertyName("yanchor")]
    public string? YAnchor { get; init; }

    /// <summary>Pixels between legend groups.</summary>
    [JsonPropertyName("tracegroupgap")]
    public int? TraceGroupGap { get; init; }

    /// <summary>Font of the entries.</summary>
    [JsonPropertyName("font")]
    public Font? Font { get; init; }
}

/// <summary>Margins in pixels.</summary>
public sealed record Margin
{
    /// <summary>Left.</summary>
    [JsonPropertyName("l")]
    public int? Left { get; init; }

    /// <summary>Right.</summary>
    [JsonPropertyName("r")]
    public int? Right { get; init; }

    /// <summary>Top.</summary>
    [JsonPropertyName("t")]
    public int? Top { get; init; }

    /// <summary>Bottom.</summary>
    [JsonPropertyName("b")]
    public int? Bottom { get; init; }
}

/// <summary>Hover label style.</summary>
public sealed record HoverLabel
{
    /// <summary>Text alignment.</summary>
    [JsonPropertyName("align")]
    public string? Align { get; init; }
}

/// <summary>A text box on the figure.</summary>
public sealed record Annotation
{
    /// <summary>The text, shown as plain text (escaped when serialised).</summary>
    [JsonPropertyName("text")]
    [JsonConverter(typeof(PlainTextConverter))]
    public required string Text { get; init; }

    /// <summary>x position.</summary>
    [JsonPropertyName("x")]
    public double X { get; init; }

    /// <summary>y position.</summary>
    [JsonPropertyName("y")]
    public double Y { get; init; }

    /// <summary>What x refers to ("paper" or an axis).</summary>
    [JsonPropertyName("xref")]
    public string XRef { get; init; } = "paper";

    /// <summary>What y refers to.</summary>
    [JsonPropertyName("yref")]
    public string YRef { get; init; } = "paper";

    /// <summary>Draw an arrow.</summary>
    [JsonPropertyName("showarrow")]
    public bool ShowArrow { get; init; }

    /// <summary>Horizontal anchor.</summary>
    [JsonPropertyName("xanchor")]
    public string? XAnchor { get; init; }

    /// <summary>Vertical anchor.</summary>
    [JsonPropertyName("yanchor")]
    public string? YAnchor { get; init; }

    /// <summary>Font.</summary>
    [JsonPropertyName("font")]
    public Font? Font { get; init; }

    /// <summary>Text alignment.</summary>
    [JsonPropertyName("align")]
    public string? Align { get; init; }

    /// <summary>Arrow tail's x offset from the point in pixels.</summary>
    [JsonPropertyName("ax")]
    public double? ArrowX { get; init; }

    /// <summary>Arrow tail's y offset from the point in pixels (negative is up).</summary>
    [JsonPropertyName("ay")]
    public double? ArrowY { get; init; }

    /// <summary>Arrow colour.</summary>
    [JsonPropertyName("arrowcolor")]
    public string? ArrowColor { get; init; }

    /// <summary>Background of the text box.</summary>
    [JsonPropertyName("bgcolor")]
    public string? BackgroundColor { get; init; }
}

/// <summary>A set of buttons.</summary>
public sealed record UpdateMenu
{
    /// <summary>A name to find the menu by.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>"buttons" or "dropdown".</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "buttons";

    /// <summary>Show the buttons.</summary>
    [JsonPropertyName("showactive")]
    public bool ShowActive { get; init; }

    /// <summary>Index of the button shown as active, or null.</summary>
    [JsonPropertyName("active")]
    public int? Active { get; init; }

    /// <summary>The buttons.</summary>
    [JsonPropertyName("buttons")]
    public required IReadOnlyList<Button> Buttons { get; init; }

    /// <summary>x position.</summary>
    [JsonPropertyName("x")]
    public double? X { get; init; }

    /// <summary>y position.</summary>
    [JsonPropertyName("y")]
    public double? Y { get; init; }

    /// <summary>Horizontal anchor.</summary>
    [JsonPropertyName("xanchor")]
    public string? XAnchor { get; init; }

    /// <summary>Vertical anchor.</summary>
    [JsonPropertyName("yanchor")]
    public string? YAnchor { get; init; }

    /// <summary>"left", "right", "up" or "down".</summary>
    [JsonPropertyName("direction")]
    public string? Direction { get; init; }

    /// <summary>Background colour.</summary>
    [JsonPropertyName("bgcolor")]
    public string? BackgroundColor { get; init; }

    /// <summary>Font.</summary>
    [JsonPropertyName("font")]
    public Font? Font { get; init; }
}

/// <summary>A button that calls a plotly method.</summary>
/// <param name="Label">Button text.</param>
/// <param name="Method">Plotly method, e.g. "animate".</param>
/// <param name="Args">The method's arguments.</param>
public sealed record Button(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("args")] IReadOnlyList<object?> Args);

/// <summary>A slider.</summary>
public sealed record Slider
{
    /// <summary>The steps.</summary>
    [JsonPropertyName("steps")]
    public required IReadOnlyList<SliderStep> Steps { get; init; }

    /// <summary>Initially active step.</summary>
    [JsonPropertyName("active")]
    public int Active { get; init; }

    /// <summary>Label before the current value.</summary>
    [JsonPropertyName("currentvalue")]
    public Dictionary<string, object>? CurrentValue { get; init; }

    /// <summary>x position.</summary>
    [JsonPropertyName("x")]
    public double? X { get; init; }

    /// <summary>y position.</summary>
    [JsonPropertyName("y")]
    public double? Y { get; init; }

    /// <summary>Length as a fraction of the figure.</summary>
    [JsonPropertyName("len")]
    public double? Length { get; init; }

    /// <summary>Padding.</summary>
    [JsonPropertyName("pad")]
    public Margin? Pad { get; init; }

    /// <summary>Font.</summary>
    [JsonPropertyName("font")]
    public Font? Font { get; init; }
}

/// <summary>One slider step.</summary>
/// <param name="Label">Step label.</param>
/// <param name="Method">Plotly method, e.g. "animate".</param>
/// <param name="Args">The method's arguments.</param>
public sealed record SliderStep(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("args")] IReadOnlyList<object?> Args);
