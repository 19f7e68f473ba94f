namespace LossLandscape.Analysis;

/// <summary>The loss at one point of a plane with its exact gradient and Hessian in the plane's coordinates (a, b).</summary>
/// <param name="Loss">The mean squared error.</param>
/// <param name="GradientA">∂L/∂a.</param>
/// <param name="GradientB">∂L/∂b.</param>
/// <param name="HessianAA">∂²L/∂a².</param>
/// <param name="HessianAB">∂²L/∂a∂b.</param>
/// <param name="HessianBB">∂²L/∂b².</param>
public readonly record struct PlaneDerivatives(double Loss, double GradientA, double GradientB, double HessianAA, double HessianAB, double HessianBB)
{
    /// <summary>The Euclidean norm of the gradient in plane coordinates.</summary>
    public double GradientNorm => Math.Sqrt((GradientA * GradientA) + (GradientB * GradientB));

    /// <summary>The Hessian's eigenvalues, smaller first.</summary>
    public (double Low, double High) Eigenvalues => SymmetricEigenvalues(HessianAA, HessianAB, HessianBB);

    /// <summary>True when loss, gradient and Hessian are all finite.</summary>
    public bool IsFinite =>
        double.IsFinite(Loss) && double.IsFinite(GradientA) && double.IsFinite(GradientB)
        && double.IsFinite(HessianAA) && double.IsFinite(HessianAB) && double.IsFinite(HessianBB);

    /// <summary>Eigenvalues of the symmetric matrix [[p, q], [q, r]], smaller first (stable closed form).</summary>
    public static (double Low, double High) SymmetricEigenvalues(double p, double q, double r)
    {
        var mean = 0.5 * (p + r);
        var radius = Math.Sqrt((0.25 * (p - r) * (p - r)) + (q * q));
        // The larger-magnitude root is computed directly; the other from the determinant, so a tiny eigenvalue
        // beside a large one keeps its digits.
        var determinant = (p * r) - (q * q);
        if (mean >= 0)
        {
            var high = mean + radius;
            return (high == 0 ? 0 : determinant / high, high);
        }

        var low = mean - radius;
        return (low, determinant / low);
    }
}
