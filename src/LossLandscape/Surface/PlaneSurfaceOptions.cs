namespace LossLandscape.Surface;

/// <summary>What <see cref="PlaneSurfaceEvaluator"/> computes and how.</summary>
public sealed record PlaneSurfaceOptions
{
    /// <summary>The losses to compute (the test loss by default).</summary>
    public SurfaceQuantities Quantities { get; init; } = SurfaceQuantities.Test;

    /// <summary>
    /// Arithmetic of the general path: float32 by default (relative error against float64 below 1e-6 on the reference
    /// cases), float64 on request. The seed's exact quadratic path is float64 whatever this says.
    /// </summary>
    public SurfacePrecision Precision { get; init; } = SurfacePrecision.Single;

    /// <summary>Most threads used; −1 for all cores. The values do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
