using System.Text.Json.Serialization;

namespace LossLandscape.Plotting;

/// <summary>A plotly trace; the concrete record says which type.</summary>
[JsonDerivedType(typeof(SurfaceTrace))]
[JsonDerivedType(typeof(Scatter3dTrace))]
[JsonDerivedType(typeof(ScatterTrace))]
[JsonDerivedType(typeof(ContourTrace))]
public abstract record Trace
{
    /// <summary>Plotly's trace type.</summary>
    [JsonPropertyName("type")]
    public abstract string Type { get; }

    /// <summary>Legend and hover name.</summary>
    [JsonPropertyName("name")]
    [JsonConverter(typeof(PlainTextConverter))]
    public string? Name { get; init; }

    /// <summary>Whether the trace appears in the legend.</summary>
    [JsonPropertyName("showlegend")]
    public bool? ShowLegend { get; init; }

    /// <summary>Hover template (plotly's %{…} syntax).</summary>
    [JsonPropertyName("hovertemplate")]
    public string? HoverTemplate { get; init; }

    /// <summary>Per-point extra data for hover templates.</summary>
    [JsonPropertyName("customdata")]
    public IReadOnlyList<object?>? CustomData { get; init; }

    /// <summary>Legend group: traces with the same group toggle together.</summary>
    [JsonPropertyName("legendgroup")]
    public string? LegendGroup { get; init; }

    /// <summary>Visibility: true, false or "legendonly".</summary>
    [JsonPropertyName("visible")]
    public object? Visible { get; init; }
}

/// <summary>A 3-D surface. <c>Z[r][c]</c> lies at (X[c], Y[r]): plotly draws rows along y.</summary>
public sealed record SurfaceTrace : Trace
{
    /// <inheritdoc />
    public override string Type => "surface";

    /// <summary>Column coordinates.</summary>
    [JsonPropertyName("x")]
    public required IReadOnlyList<double> X { get; init; }

    /// <summary>Row coordinates.</summary>
    [JsonPropertyName("y")]
    public required IReadOnlyList<double> Y { get; init; }

    /// <summary>Heights, one row per Y value.</summary>
    [JsonPropertyName("z")]
    public required IReadOnlyList<IReadOnlyList<double>> Z { get; init; }

    /// <summary>Colour scale as [position, colour] pairs.</summary>
    [JsonPropertyName("colorscale")]
    public IReadOnlyList<object[]>? ColorScale { get; init; }

    /// <summary>Colour bar settings.</summary>
    [JsonPropertyName("colorbar")]
    public ColorBar? ColorBar { get; init; }

    /// <summary>The value at the colour scale's middle (0 for signed values on a diverging scale), or null.</summary>
    [JsonPropertyName("cmid")]
    public double? ColorMid { get; init; }

    /// <summary>Surface opacity.</summary>
    [JsonPropertyName("opacity")]
    public double? Opacity { get; init; }

    /// <summary>Contour lines projected on the surface.</summary>
    [JsonPropertyName("contours")]
    public SurfaceContours? Contours { get; init; }
}

/// <summary>Contour lines drawn on or under a surface.</summary>
public sealed record SurfaceContours
{
    /// <summary>Lines of equal z.</summary>
    [JsonPropertyName("z")]
    public SurfaceContourAxis? Z { get; init; }
}

/// <summary>One axis of <see cref="SurfaceContours"/>.</summary>
public sealed record SurfaceContourAxis
{
    /// <summary>Draw the lines.</summary>
    [JsonPropertyName("show")]
    public bool Show { get; init; }

    /// <summary>Colour by the colour scale.</summary>
    [JsonPropertyName("usecolormap")]
    public bool? UseColormap { get; init; }

    /// <summary>Project onto the z wall.</summary>
    [JsonPropertyName("project")]
    public Dictionary<string, bool>? Project { get; init; }
}

/// <summary>A colour bar.</summary>
public sealed record ColorBar
{
    /// <summary>Title.</summary>
    [JsonPropertyName("title")]
    public Title? Title { get; init; }

    /// <summary>Outline width (0 as in the dark theme).</summary>
    [JsonPropertyName("outlinewidth")]
    public double? OutlineWidth { get; init; } = 0;

    /// <summary>Length as a fraction of the plot.</summary>
    [JsonPropertyName("len")]
    public double? Length { get; init; }

    /// <summary>Vertical position of the bar's centre, as a fraction of the plot.</summary>
    [JsonPropertyName("y")]
    public double? Y { get; init; }
}

/// <summary>Points and lines in 3-D.</summary>
public sealed record Scatter3dTrace : Trace
{
    /// <inheritdoc />
    public override string Type => "scatter3d";

    /// <summary>x coordinates.</summary>
    [JsonPropertyName("x")]
    public required IReadOnlyList<double> X { get; init; }

    /// <summary>y coordinates.</summary>
    [JsonPropertyName("y")]
    public required IReadOnlyList<double> Y { get; init; }

    /// <summary>z coordinates.</summary>
    [JsonPropertyName("z")]
    public required IReadOnlyList<double> Z { get; init; }

    /// <summary>"lines", "markers", "lines+markers", "text"…</summary>
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "lines+markers";

    /// <summary>Line style.</summary>
    [JsonPropertyName("line")]
    public Line? Line { get; init; }

    /// <summary>Marker style.</summary>
    [JsonPropertyName("marker")]
    public Marker? Marker { get; init; }

    /// <summary>Per-point text.</summary>
    [JsonPropertyName("text")]
    [JsonConverter(typeof(PlainTextListConverter))]
    public IReadOnlyList<string>? Text { get; init; }

    /// <summary>Where text goes relative to markers.</summary>
    [JsonPropertyName("textposition")]
    public string? TextPosition { get; init; }

    /// <summary>What hover shows ("skip" for nothing, letting hover reach the traces behind).</summary>
    [JsonPropertyName("hoverinfo")]
    public string? HoverInfo { get; init; }
}

/// <summary>Points and lines in 2-D.</summary>
public sealed record ScatterTrace : Trace
{
    /// <inheritdoc />
    public override string Type => "scatter";

    /// <summary>x coordinates.</summary>
    [JsonPropertyName("x")]
    public required IReadOnlyList<double> X { get; init; }

    /// <summary>y coordinates.</summary>
    [JsonPropertyName("y")]
    public required IReadOnlyList<double> Y { get; init; }

    /// <summary>"lines", "markers", "lines+markers", "text"…</summary>
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "lines+markers";

    /// <summary>Line style.</summary>
    [JsonPropertyName("line")]
    public Line? Line { get; init; }

    /// <summary>Marker style.</summary>
    [JsonPropertyName("marker")]
    public Marker? Marker { get; init; }

    /// <summary>Per-point text.</summary>
    [JsonPropertyName("text")]
    [JsonConverter(typeof(PlainTextListConverter))]
    public IReadOnlyList<string>? Text { get; init; }

    /// <summary>Where text goes relative to markers.</summary>
    [JsonPropertyName("textposition")]
    public string? TextPosition { get; init; }

    /// <summary>Which x axis (e.g. "x2").</summary>
    [JsonPropertyName("xaxis")]
    public string? XAxis { get; init; }

    /// <summary>Which y axis (e.g. "y2").</summary>
    [JsonPropertyName("yaxis")]
    public string? YAxis { get; init; }

    /// <summary>Clip markers and text at the axes (false lets marks on the plot's edge show whole).</summary>
    [JsonPropertyName("cliponaxis")]
    public bool? ClipOnAxis { get; init; }
}

/// <summary>A 2-D contour map. <c>Z[r][c]</c> lies at (X[c], Y[r]).</summary>
public sealed record ContourTrace : Trace
{
    /// <inheritdoc />
    public override string Type => "contour";

    /// <summary>Column coordinates.</summary>
    [JsonPropertyName("x")]
    public required IReadOnlyList<double> X { get; init; }

    /// <summary>Row coordinates.</summary>
    [JsonPropertyName("y")]
    public required IReadOnlyList<double> Y { get; init; }

    /// <summary>Values, one row per Y value.</summary>
    [JsonPropertyName("z")]
    public required IReadOnlyList<IReadOnlyList<double>> Z { get; init; }

    /// <summary>Colour scale as [position, colour] pairs.</summary>
    [JsonPropertyName("colorscale")]
    public IReadOnlyList<object[]>? ColorScale { get; init; }

    /// <summary>Colour bar settings.</summary>
    [JsonPropertyName("colorbar")]
    public ColorBar? ColorBar { get; init; }

    /// <summary>The value at the colour scale's bottom (with <see cref="ZMax"/>; the contour levels span them too), or null.</summary>
    [JsonPropertyName("zmin")]
    public double? ZMin { get; init; }

    /// <summary>The value at the colour scale's top, or null.</summary>
    [JsonPropertyName("zmax")]
    public double? ZMax { get; init; }

    /// <summary>Number of contour levels plotly aims for.</summary>
    [JsonPropertyName("ncontours")]
    public int? ContourCount { get; init; }

    /// <summary>Line style of the contours.</summary>
    [JsonPropertyName("line")]
    public Line? Line { get; init; }
}

/// <summary>Line style.</summary>
public sealed record Line
{
    /// <summary>Colour.</summary>
    [JsonPropertyName("color")]
    public string? Color { get; init; }

    /// <summary>Width in pixels.</summary>
    [JsonPropertyName("width")]
    public double? Width { get; init; }

    /// <summary>"solid", "dash", "dot"…</summary>
    [JsonPropertyName("dash")]
    public string? Dash { get; init; }
}

/// <summary>Marker style.</summary>
public sealed record Marker
{
    /// <summary>Colour.</summary>
    [JsonPropertyName("color")]
    public string? Color { get; init; }

    /// <summary>Size in pixels.</summary>
    [JsonPropertyName("size")]
    public double? Size { get; init; }

    /// <summary>Symbol name.</summary>
    [JsonPropertyName("symbol")]
    public string? Symbol { get; init; }

    /// <summary>Outline.</summary>
    [JsonPropertyName("line")]
    public Line? Line { get; init; }
}
