namespace LossLandscape.Surface;

/// <summary>How a surface is computed; chosen from the plane's directions.</summary>
public enum SurfaceMethod
{
    /// <summary>
    /// d₂ moves only output weights, so along every row the loss is an exact quadratic in b: one pass over the data
    /// per row gives the whole row (float64).
    /// </summary>
    QuadraticRows,

    /// <summary>d₁ moves only output weights: the same with rows and columns exchanged, one pass per column (float64).</summary>
    QuadraticColumns,

    /// <summary>Both directions move hidden weights: one SIMD pass over the data at every grid point.</summary>
    General,
}
