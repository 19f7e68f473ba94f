namespace LossLandscape.Surface;

/// <summary>How <see cref="SurfaceEvaluator"/> computes a surface.</summary>
public sealed record SurfaceOptions
{
    /// <summary>The method, or null to choose the fastest exact one the plane allows.</summary>
    public SurfaceMethod? Method { get; init; }

    /// <summary>Arithmetic of the general path (float32 by default: several times the throughput, relative error below 1e-6).</summary>
    public SurfacePrecision Precision { get; init; } = SurfacePrecision.Single;

    /// <summary>Most threads used; −1 for all cores. The values do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
