using LossLandscape.Surface;

namespace LossLandscape.Analysis;

/// <summary>The Gram matrix G of a plane's directions (d₁·d₁, d₁·d₂, d₂·d₂): the plane's geometry in parameter space.</summary>
/// <param name="AA">d₁·d₁.</param>
/// <param name="AB">d₁·d₂.</param>
/// <param name="BB">d₂·d₂.</param>
public readonly record struct PlaneMetric(double AA, double AB, double BB)
{
    /// <summary>The Gram matrix of <paramref name="plane"/>'s directions.</summary>
    public static PlaneMetric Of(SurfacePlane plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        return new PlaneMetric(Dot(plane.Direction1, plane.Direction1), Dot(plane.Direction1, plane.Direction2), Dot(plane.Direction2, plane.Direction2));
    }

    /// <summary>
    /// The eigenvalues of G⁻¹H: the curvature of the loss in parameter space along the plane. Plain gradient descent
    /// that stays on the plane is stable near a point when the larger one is below 2/η.
    /// </summary>
    public (double Low, double High) CurvatureEigenvalues(in PlaneDerivatives derivatives)
    {
        // G = L Lᵀ (Cholesky); the eigenvalues of G⁻¹H are those of the symmetric L⁻¹ H L⁻ᵀ.
        var l11 = Math.Sqrt(AA);
        var l21 = AB / l11;
        var l22 = Math.Sqrt(BB - (l21 * l21));
        var p = derivatives.HessianAA / (l11 * l11);
        var q = (derivatives.HessianAB - (l21 * derivatives.HessianAA / l11)) / (l11 * l22);
        var r = (derivatives.HessianBB - (2 * l21 * derivatives.HessianAB / l11) + (l21 * l21 * derivatives.HessianAA / (l11 * l11))) / (l22 * l22);
        return PlaneDerivatives.SymmetricEigenvalues(p, q, r);
    }

    private static double Dot(double[] p, double[] q)
    {
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += p[i] * q[i];
        }

        return sum;
    }
}
