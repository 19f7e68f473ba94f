using LossLandscape.Analysis;

namespace LossLandscape.Tests.Analysis;

/// <summary>Plane derivatives against central differences of the loss.</summary>
internal static class FiniteDifferences
{
    /// <summary>
    /// Asserts <paramref name="d"/>'s gradient within 1e-6 and Hessian within 1e-4 of their scales against central
    /// differences of <paramref name="loss"/> (offsets from the point) with step <paramref name="h"/> = 1e-4, whose O(h²)
    /// error (about 1e-7 here) bounds the tolerances; the exact derivatives have none.
    /// </summary>
    public static void AssertMatch(PlaneDerivatives d, Func<double, double, double> loss, double h = 1e-4)
    {
        var l0 = loss(0, 0);
        Assert.Equal((loss(h, 0) - loss(-h, 0)) / (2 * h), d.GradientA, 1e-6 * (1 + Math.Abs(d.GradientA)));
        Assert.Equal((loss(0, h) - loss(0, -h)) / (2 * h), d.GradientB, 1e-6 * (1 + Math.Abs(d.GradientB)));
        var scale = Math.Abs(d.HessianAA) + Math.Abs(d.HessianBB);
        Assert.Equal((loss(h, 0) - (2 * l0) + loss(-h, 0)) / (h * h), d.HessianAA, 1e-4 * scale);
        Assert.Equal((loss(0, h) - (2 * l0) + loss(0, -h)) / (h * h), d.HessianBB, 1e-4 * scale);
        Assert.Equal((loss(h, h) - loss(h, -h) - loss(-h, h) + loss(-h, -h)) / (4 * h * h), d.HessianAB, 1e-4 * scale);
    }
}
