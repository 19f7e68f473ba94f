namespace LossLandscape.Curvature;

/// <summary>The curvature of a loss at one point: top eigenvalues, trace, density, exact spectrum, per layer.</summary>
/// <param name="Parameters">Number of parameters.</param>
/// <param name="Loss">The loss at the point.</param>
/// <param name="Top">The largest eigenvalues (largest first) with vectors and residuals.</param>
/// <param name="Trace">Hutchinson's estimate, or null when not asked for.</param>
/// <param name="ExactTrace">The trace of the dense Hessian, or null when it was not built.</param>
/// <param name="Density">The spectral density, or null when not asked for.</param>
/// <param name="ExactSpectrum">Every eigenvalue ascending (dense), or null for large models or when not asked for.</param>
/// <param name="Layers">Each layer's block with <see cref="CurvatureSettings.PerLayer"/>, else empty.</param>
/// <param name="Products">Hessian-vector products used.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record CurvatureReport(
    int Parameters,
    double Loss,
    EigenResult Top,
    TraceEstimate? Trace,
    double? ExactTrace,
    SpectralDensity? Density,
    double[]? ExactSpectrum,
    IReadOnlyList<LayerCurvature> Layers,
    long Products,
    double Seconds);

/// <summary>The curvature of one layer's diagonal block (the other layers held fixed).</summary>
/// <param name="Block">The layer's parameters.</param>
/// <param name="Top">The block's largest eigenvalues.</param>
/// <param name="Trace">The block's Hutchinson trace from the whole model's probes, or null.</param>
/// <param name="ExactTrace">The dense block's trace, or null.</param>
/// <param name="ExactSpectrum">The dense block's eigenvalues ascending, or null.</param>
public sealed record LayerCurvature(LayerBlock Block, EigenResult Top, TraceEstimate? Trace, double? ExactTrace, double[]? ExactSpectrum);
