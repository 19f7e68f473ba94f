namespace LossLandscape.Models;

/// <summary>
/// Exact derivatives by the MLP's kernels: the model's loss is that of <see cref="Network"/> (same layout, same losses),
/// so its exact Hessian-vector products (forward-over-reverse), its plane calculus (forward mode along a plane) and,
/// for one output under the mean squared error, the fused plane-surface kernel run on that MLP.
/// </summary>
public interface IDenseNetwork
{
    /// <summary>The MLP whose loss is the model's.</summary>
    Mlp Network { get; }
}
