using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Tests.Analysis;

public sealed class PlaneCalculusVectorTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(5, 13)]
    [InlineData(2, 2000)]
    public void SimdSumsEqualTheScalarFormulasForEveryTailLength(int hidden, int samples)
    {
        // The vector loop covers whole groups of four samples and the scalar loop the rest: lengths 1, 7, 13 and 2000
        // exercise tail-only, mixed and vector-only sums.
        var random = new Random(42);
        var data = new RegressionSet(ScalarReference.Normal(random, samples, 4.5), ScalarReference.Normal(random, samples, 3));
        var network = new TanhNetwork(hidden);
        var plane = new SurfacePlane(
            ScalarReference.Normal(random, 2 * hidden, 0.8),
            ScalarReference.Normal(random, 2 * hidden, 0.5),
            ScalarReference.Normal(random, 2 * hidden, 0.5),
            "a",
            "b");
        var calculus = new PlaneCalculus(network, plane, data);
        var theta = new double[2 * hidden];
        foreach (var (a, b) in new[] { (0.0, 0.0), (0.3, -1.2), (-1.7, 0.9) })
        {
            plane.PointAt(a, b, theta);
            var expected = ScalarReference.Loss(theta, data.X, data.Y);
            var d = calculus.Evaluate(a, b);
            Assert.True(ScalarReference.RelativeError(d.Loss, expected) <= 1e-13, $"Evaluate loss {d.Loss:R} vs {expected:R}");
            Assert.True(ScalarReference.RelativeError(calculus.Loss(a, b), expected) <= 1e-13, "Loss");

            // Central differences of the scalar reference for the gradient and the Hessian's diagonal.
            const double step = 1e-4;
            double L(double da, double db)
            {
                plane.PointAt(a + da, b + db, theta);
                return ScalarReference.Loss(theta, data.X, data.Y);
            }

            var scale = Math.Max(1, expected);
            Assert.Equal((L(step, 0) - L(-step, 0)) / (2 * step), d.GradientA, 1e-6 * scale);
            Assert.Equal((L(0, step) - L(0, -step)) / (2 * step), d.GradientB, 1e-6 * scale);
            Assert.Equal((L(step, 0) - (2 * expected) + L(-step, 0)) / (step * step), d.HessianAA, 1e-3 * scale);
            Assert.Equal((L(step, step) - L(step, -step) - L(-step, step) + L(-step, -step)) / (4 * step * step), d.HessianAB, 1e-3 * scale);
        }
    }
}
