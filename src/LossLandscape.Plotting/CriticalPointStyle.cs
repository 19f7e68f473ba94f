using LossLandscape.Analysis;

namespace LossLandscape.Plotting;

/// <summary>How each kind of critical point is drawn, the same in the 2-D and 3-D views.</summary>
/// <param name="Legend">Legend text.</param>
/// <param name="Color">Marker colour.</param>
/// <param name="Symbol2D">Marker symbol in 2-D.</param>
/// <param name="Symbol3D">Marker symbol in 3-D (scatter3d has fewer symbols).</param>
public sealed record CriticalPointStyle(string Legend, string Color, string Symbol2D, string Symbol3D)
{
    /// <summary>The style of a kind.</summary>
    public static CriticalPointStyle Of(CriticalPointKind kind) => kind switch
    {
        CriticalPointKind.Minimum => new("minimum", "#00cc96", "star", "diamond"),
        CriticalPointKind.Maximum => new("maximum", "#EF553B", "triangle-up", "square"),
        CriticalPointKind.Saddle => new("saddle", "#19d3f3", "x", "cross"),
        CriticalPointKind.Edge => new("edge (loss falls beyond the grid)", "#ffffff", "triangle-down", "circle"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Per-point hover data: kind, loss, gradient norm, eigenvalues, note.</summary>
    public static object HoverData(CriticalPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new object[] { point.KindName, point.Loss, point.GradientNorm, point.Eigenvalue1, point.Eigenvalue2, LandscapeFigure.Escape(point.Note ?? string.Empty).Replace(" (", "<br>(", StringComparison.Ordinal) };
    }

    /// <summary>The hover template over <see cref="HoverData"/>.</summary>
    public static string HoverTemplate(string axis1Name, string axis2Name) =>
        $"<b>%{{customdata[0]}}</b><br>{LandscapeFigure.Escape(axis1Name)} = %{{x:.6f}}<br>{LandscapeFigure.Escape(axis2Name)} = %{{y:.6f}}<br>Loss = %{{customdata[1]:.6g}}<br>|gradient| = %{{customdata[2]:.3g}}<br>Hessian eigenvalues %{{customdata[3]:.4g}}, %{{customdata[4]:.4g}}<br>%{{customdata[5]}}<extra></extra>";
}
