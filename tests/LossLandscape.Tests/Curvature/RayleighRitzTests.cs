using LossLandscape.Curvature;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;
using LossLandscape.Tests.Models;

namespace LossLandscape.Tests.Curvature;

/// <summary>λmax from a neighbour's Ritz subspace, and its stopping bound, against PyTorch's and our dense spectra.</summary>
public sealed class RayleighRitzTests
{
    private static readonly RegressionSet Test = ScalarReference.SeedTestSet();
    private static readonly RegressionSet Train = ScalarReference.SeedTrainSet();

    [Theory]
    [MemberData(nameof(CurvatureReferenceTests.CasesAndPoints), MemberType = typeof(CurvatureReferenceTests))]
    public void TheBoundHoldsAtEveryStepAndTheValueMeetsTheTolerance(string name, string point)
    {
        var reference = MlpCase.Load(name);
        var atTheta = point == "hessian_test_at_theta";
        var data = atTheta ? Test : Train;
        var hessian = HessianOperators.Create(new Mlp(reference.Spec), data.X, data.Y);
        var theta = atTheta ? reference.Theta : reference.ThetaInit;
        var lambda = Testing.Reference.Doubles(reference.Json.GetProperty(point).GetProperty("eigenvalues")).Max();

        // The neighbour: θ moved by 2 % of its norm in a random direction, its top three Ritz vectors converged.
        var random = new Random(17);
        var step = ScalarReference.Normal(random, theta.Length, 1.0);
        var scale = 0.02 * Math.Sqrt(theta.Sum(t => t * t) / step.Sum(s => s * s));
        hessian.MoveTo([.. theta.Zip(step, (t, s) => t + (scale * s))]);
        var neighbour = RayleighRitz.Largest(hessian, [], 1e-12, 300, 1).Vectors;
        Assert.Equal(3, neighbour.Length);

        hessian.MoveTo(theta);
        var steps = 0;
        for (var k = 3; k <= Math.Min(30, theta.Length); k++)
        {
            var result = RayleighRitz.Largest(hessian, neighbour, 1e-15, k, 2);
            var error = lambda - result.Value;
            Assert.True(error >= -1e-10 * lambda, $"{name} {point}, {k} products: θ₁ {result.Value:R} above λ₁ {lambda:R}");
            Assert.True(result.Bound >= error - (1e-10 * lambda), $"{name} {point}, {k} products: bound {result.Bound:E3} below the error {error:E3}");
            steps++;
        }

        Assert.True(steps > 0);
        var top = RayleighRitz.Largest(hessian, neighbour, 1e-6, 300, 2);
        Assert.True(top.Converged);
        Assert.True(top.Bound <= 1e-6 * top.Value);
        Assert.True(ScalarReference.RelativeError(top.Value, lambda) <= 1e-6, $"{name} {point}: {top.Value:R} vs PyTorch {lambda:R}");
    }

    [Fact]
    public void AColdStartStopsOnTheResidual()
    {
        var reference = MlpCase.Load("relu-16-16-bias");
        var hessian = HessianOperators.Create(new Mlp(reference.Spec), Test.X, Test.Y);
        hessian.MoveTo(reference.Theta);
        var lambda = Testing.Reference.Doubles(reference.Json.GetProperty("hessian_test_at_theta").GetProperty("eigenvalues")).Max();
        var cold = RayleighRitz.Largest(hessian, [], 1e-8, 300, 3);
        var lanczos = Lanczos.Top(hessian, 1, 1e-8, 300, 3);

        // One start vector: the same Krylov space as Lanczos, the same residual rule, so the same step count and value.
        Assert.True(cold.Converged);
        Assert.Equal(lanczos.Iterations, cold.Products);
        Assert.Equal(lanczos.Values[0], cold.Value, 1e-9 * lambda);
        Assert.True(ScalarReference.RelativeError(cold.Value, lambda) <= 1e-8);
    }

    [Fact]
    public void TheMapOfTheBenchmarkModelMeetsTheToleranceAgainstTheDenseSpectrum()
    {
        // The 1,32,32,1 tanh MLP with biases (1,153 parameters, as in the speed target) on 300 points, a 4 × 4 grid at
        // the default tolerance 1e-6: two points held to the dense Hessian's largest eigenvalue.
        var model = new Mlp(new MlpSpec([1, 32, 32, 1], Activation.Tanh, Bias: true));
        var theta = model.Initialize(0);
        var random = new Random(4);
        var x = ScalarReference.Normal(random, 300, 1.5);
        var y = x.Select(v => Math.Sin(2 * v)).ToArray();
        var d1 = ScalarReference.Normal(random, theta.Length, 0.03);
        var d2 = ScalarReference.Normal(random, theta.Length, 0.03);
        var plane = new SurfacePlane(theta, d1, d2, "a", "b");
        var axis = new GridAxis(-1, 1.01, 2.0 / 3);
        var hessian = HessianOperators.Create(model, x, y);
        var map = SharpnessSurface.Compute(hessian, plane, axis, axis, new CurvatureSettings { Trace = false });
        Assert.True(map.Converged);

        var point = new double[theta.Length];
        foreach (var (i, j) in new[] { (3, 3), (1, 2) })
        {
            plane.PointAt(axis[i], axis[j], point);
            hessian.MoveTo(point);
            var expected = DenseHessian.Spectrum(hessian).Max();
            var actual = map.Surface.Values[(i * axis.Count) + j];
            Assert.True(ScalarReference.RelativeError(actual, expected) <= 1e-6, $"({i}, {j}): {actual:R} vs dense {expected:R}");
            Assert.True(actual <= expected * (1 + 1e-12), $"({i}, {j}): a Ritz value above λmax");
        }
    }
}
