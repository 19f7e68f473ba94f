using LossLandscape.Curvature;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Tests.Curvature;

/// <summary>The parallel λmax map against the dense Hessian's spectrum.</summary>
public sealed class SharpnessMapTests
{
    [Fact]
    public void EveryMapPointEqualsTheDenseLambdaMax()
    {
        // 1,6,5,1 tanh with biases (53 parameters) on 150 samples (two chunks and a partial one), a 4 × 3 grid: the rows
        // run in parallel from the first column's eigenvectors.
        var model = new Mlp(new MlpSpec([1, 6, 5, 1], Activation.Tanh, Bias: true));
        var random = new Random(5);
        var theta = model.Initialize(3);
        var x = ScalarReference.Normal(random, 150, 1.5);
        var y = x.Select(Math.Sin).ToArray();
        var d1 = ScalarReference.Normal(random, model.ParameterCount, 0.2);
        var d2 = ScalarReference.Normal(random, model.ParameterCount, 0.2);
        var plane = new SurfacePlane(theta, d1, d2, "a", "b");
        var a = new GridAxis(-1, 1.01, 2.0 / 3);
        var b = new GridAxis(-1, 1.01, 1.0);
        var hessian = HessianOperators.Create(model, x, y);
        var map = SharpnessSurface.Compute(hessian, plane, a, b, new CurvatureSettings { Tolerance = 1e-11, Trace = false });

        Assert.True(map.Converged);
        Assert.Equal(12, map.Surface.Values.Length);
        var dense = DenseLambdaMax(model, x, y, plane, a, b);
        for (var k = 0; k < dense.Length; k++)
        {
            var (expected, actual) = (dense[k], map.Surface.Values[k]);
            Assert.True(Math.Abs(actual - expected) <= 1e-8 * Math.Abs(expected), $"point {k}: {actual:R} vs dense {expected:R}");
        }

        // Computed again, every value repeats bit for bit (each row depends only on its first point).
        var again = SharpnessSurface.Compute(hessian, plane, a, b, new CurvatureSettings { Tolerance = 1e-11, Trace = false });
        Assert.Equal(map.Surface.Values, again.Surface.Values);
    }

    /// <summary>The dense Hessian's largest eigenvalue at every grid point, in the map's order (rows a, columns b).</summary>
    internal static double[] DenseLambdaMax(Mlp model, double[] x, double[] y, SurfacePlane plane, GridAxis a, GridAxis b)
    {
        var point = new double[model.ParameterCount];
        var dense = HessianOperators.Create(model, x, y);
        var values = new double[a.Count * b.Count];
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < b.Count; j++)
            {
                plane.PointAt(a[i], b[j], point);
                dense.MoveTo(point);
                values[(i * b.Count) + j] = DenseHessian.Spectrum(dense).Max();
            }
        }

        return values;
    }
}
