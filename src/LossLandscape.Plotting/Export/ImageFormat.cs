namespace LossLandscape.Plotting.Export;

/// <summary>A static image format plotly can write.</summary>
public enum ImageFormat
{
    /// <summary>Raster PNG.</summary>
    Png,

    /// <summary>Vector SVG (3-D scenes are embedded as a raster image inside it).</summary>
    Svg,
}
