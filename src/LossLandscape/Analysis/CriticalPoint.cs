namespace LossLandscape.Analysis;

/// <summary>What a critical point of the surface is.</summary>
public enum CriticalPointKind
{
    /// <summary>Both Hessian eigenvalues positive.</summary>
    Minimum,

    /// <summary>Both Hessian eigenvalues negative.</summary>
    Maximum,

    /// <summary>Eigenvalues of opposite sign (or one of them zero).</summary>
    Saddle,

    /// <summary>A lowest point of the grid on its edge, with no minimum inside: the loss keeps falling outside the grid.</summary>
    Edge,
}

/// <summary>A critical point of the surface (or, for <see cref="CriticalPointKind.Edge"/>, the grid point where the descent leaves the grid).</summary>
/// <param name="Kind">Minimum, maximum, saddle or edge.</param>
/// <param name="A">First plane coordinate (w1 for the article).</param>
/// <param name="B">Second plane coordinate (w2).</param>
/// <param name="Loss">The exact loss there.</param>
/// <param name="GradientNorm">The exact gradient's norm there (about 0 except at edges).</param>
/// <param name="Eigenvalue1">The Hessian's smaller eigenvalue.</param>
/// <param name="Eigenvalue2">The Hessian's larger eigenvalue.</param>
/// <param name="Note">For edges: where the loss keeps falling; else null.</param>
public sealed record CriticalPoint(
    CriticalPointKind Kind,
    double A,
    double B,
    double Loss,
    double GradientNorm,
    double Eigenvalue1,
    double Eigenvalue2,
    string? Note = null)
{
    /// <summary>The kind as written in analysis.json: minimum, maximum, saddle or edge.</summary>
    public string KindName => Name(Kind);

    /// <summary>The lower-case name of a kind.</summary>
    public static string Name(CriticalPointKind kind) => kind switch
    {
        CriticalPointKind.Minimum => "minimum",
        CriticalPointKind.Maximum => "maximum",
        CriticalPointKind.Saddle => "saddle",
        CriticalPointKind.Edge => "edge",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind that the Hessian's eigenvalues (smaller first) give a critical point.</summary>
    public static CriticalPointKind Classify(double low, double high) =>
        low > 0 ? CriticalPointKind.Minimum : high < 0 ? CriticalPointKind.Maximum : CriticalPointKind.Saddle;
}
