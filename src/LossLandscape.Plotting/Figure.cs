using System.Text.Json.Serialization;

namespace LossLandscape.Plotting;

/// <summary>A plotly figure: traces, layout, optional animation frames and config.</summary>
/// <param name="Data">The traces, drawn in order.</param>
/// <param name="Layout">The layout.</param>
public sealed record Figure(
    [property: JsonPropertyName("data")] IReadOnlyList<Trace> Data,
    [property: JsonPropertyName("layout")] Layout Layout)
{
    /// <summary>Animation frames (plotly <c>frames</c>), or null.</summary>
    [JsonPropertyName("frames")]
    public IReadOnlyList<Frame>? Frames { get; init; }

    /// <summary>Plotly config (mode bar, responsiveness).</summary>
    [JsonPropertyName("config")]
    public Config Config { get; init; } = new();
}

/// <summary>One animation frame: new data for some traces.</summary>
/// <param name="Name">The frame's name (the slider's step label refers to it).</param>
/// <param name="Data">Replacement traces.</param>
/// <param name="Traces">Indices of the traces that <paramref name="Data"/> replaces.</param>
public sealed record Frame(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("data")] IReadOnlyList<Trace> Data,
    [property: JsonPropertyName("traces")] IReadOnlyList<int> Traces);

/// <summary>Plotly's config object.</summary>
public sealed record Config
{
    /// <summary>Resize with the window.</summary>
    [JsonPropertyName("responsive")]
    public bool Responsive { get; init; } = true;

    /// <summary>Show the plotly logo in the mode bar.</summary>
    [JsonPropertyName("displaylogo")]
    public bool DisplayLogo { get; init; }
}
