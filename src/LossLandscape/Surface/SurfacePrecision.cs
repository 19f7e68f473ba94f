namespace LossLandscape.Surface;

/// <summary>The arithmetic of the general path (the exact quadratic paths always use float64).</summary>
public enum SurfacePrecision
{
    /// <summary>
    /// float32 lanes (twice as many per instruction) with sums widened to float64 every 1,024 samples;
    /// relative error against float64 of order 1e-6.
    /// </summary>
    Single,

    /// <summary>float64 throughout.</summary>
    Double,
}
