namespace LossLandscape.Surface;

/// <summary>The arithmetic of the general path (the exact quadratic paths always use float64).</summary>
public enum SurfacePrecision
{
    /// <summary>
    /// float32 lanes (twice as many per instruction) with sums widened to float64 every 1,024 samples;
    /// relative error against float64 below 1e-6 (2.1e-7 at most on the surfaces in docs/benchmarks.md).
    /// </summary>
    Single,

    /// <summary>float64 throughout.</summary>
    Double,
}
