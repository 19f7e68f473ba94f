namespace LossLandscape.Models;

/// <summary>
/// The seed's exact fast path: a 1 → N → 1 tanh network without biases whose losses the SIMD kernels of
/// <see cref="TanhKernels"/> compute, parameters laid out as <c>0.weight</c> (N) then <c>2.weight</c> (N). The weights
/// plane, its surface evaluator (an exact quadratic along the output weights) and its analytic plane calculus are built
/// on it, and give the seed's results bit for bit.
/// </summary>
public interface ISeedNetwork : IModel
{
    /// <summary>Number of hidden units.</summary>
    int Hidden { get; }
}
