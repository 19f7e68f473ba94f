using LossLandscape.Curvature;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Tests.Curvature;

/// <summary>
/// What the map's schedule relies on: a product is the same bit for bit whether its sample groups run in parallel or
/// not (the map switches them on for its last rows), a move without the gradient gives the same loss and products, and
/// lines long enough for the quadratic start still hold every point to the dense λmax.
/// </summary>
public sealed class SharpnessMapScheduleTests
{
    [Fact]
    public void ParallelGroupsAndAMoveWithoutTheGradientGiveTheSameProductsBitForBit()
    {
        // 1,32,32,1 tanh with biases (1,153 parameters) on the 2,000 test points: three sample groups.
        var model = new Mlp(new MlpSpec([1, 32, 32, 1], Activation.Tanh, Bias: true));
        var test = ScalarReference.SeedTestSet();
        var theta = model.Initialize(0);
        var vector = ScalarReference.Normal(new Random(7), model.ParameterCount, 1.0);
        var full = HessianOperators.Create(model, test.X, test.Y);
        full.MoveTo(theta);
        var expected = new double[model.ParameterCount];
        full.Multiply(vector, expected);
        var gradient = full.Gradient.ToArray();
        Assert.Contains(gradient, g => g != 0);

        var copy = full.Copy();
        Assert.False(copy.Parallel);
        copy.MoveWithoutGradient(theta);
        Assert.Equal(full.Loss, copy.Loss);
        Assert.Throws<InvalidOperationException>(() => copy.Gradient.Length);
        foreach (var parallel in new[] { false, true })
        {
            copy.Parallel = parallel;
            var actual = new double[model.ParameterCount];
            copy.Multiply(vector, actual);
            Assert.Equal(expected, actual);
        }

        // A full move brings the gradient back, the same bit for bit.
        copy.MoveTo(theta);
        Assert.Equal(gradient, copy.Gradient.ToArray());
    }

    [Fact]
    public void LongLinesWithTheQuadraticStartHoldEveryPointToTheDenseLambdaMax()
    {
        // 1,6,5,1 tanh with biases (53 parameters), a 5 × 8 grid: the column and every row run past three points, so
        // most points start from the quadratically extrapolated eigenvector; the map's own tolerance, 1e-6.
        var model = new Mlp(new MlpSpec([1, 6, 5, 1], Activation.Tanh, Bias: true));
        var random = new Random(9);
        var theta = model.Initialize(4);
        var x = ScalarReference.Normal(random, 200, 1.5);
        var y = x.Select(v => Math.Sin(2 * v)).ToArray();
        var plane = new SurfacePlane(theta, ScalarReference.Normal(random, model.ParameterCount, 0.3), ScalarReference.Normal(random, model.ParameterCount, 0.3), "a", "b");
        var a = new GridAxis(-1, 1.01, 0.5);
        var b = new GridAxis(-1, 1.01, 2.0 / 7);
        var hessian = HessianOperators.Create(model, x, y);
        var map = SharpnessSurface.Compute(hessian, plane, a, b, new CurvatureSettings { Tolerance = 1e-6, Trace = false });

        Assert.True(map.Converged);
        Assert.Equal(40, map.Surface.Values.Length);
        var dense = SharpnessMapTests.DenseLambdaMax(model, x, y, plane, a, b);
        for (var k = 0; k < dense.Length; k++)
        {
            var (expected, actual) = (dense[k], map.Surface.Values[k]);

            // θ₁ is a Rayleigh quotient: never above λmax (beyond rounding), and within the tolerance below it.
            Assert.True(actual <= expected * (1 + 1e-12), $"point {k}: {actual:R} above dense {expected:R}");
            Assert.True(expected - actual <= 1e-6 * Math.Abs(expected), $"point {k}: {actual:R} vs dense {expected:R}");
        }
    }
}
