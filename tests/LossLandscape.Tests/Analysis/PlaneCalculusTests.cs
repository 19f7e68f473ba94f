using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Tests.Analysis;

public sealed class PlaneCalculusTests
{
    [Fact]
    public void ArticleGradientAndHessianMatchFiniteDifferencesAtManyRandomPoints()
    {
        var network = new TanhNetwork(1);
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), SeedSet.Test);
        var random = new Random(42);
        for (var trial = 0; trial < 200; trial++)
        {
            var a = (random.NextDouble() * 8) - 4;
            var b = (random.NextDouble() * 8) - 4;
            AssertMatchesFiniteDifferences(calculus, a, b);
        }
    }

    [Theory]
    [InlineData(2, 7)]
    [InlineData(3, 11)]
    public void WiderNetworksOnRandomPlanesMatchFiniteDifferences(int hidden, int seed)
    {
        var network = new TanhNetwork(hidden);
        var random = new Random(seed);
        double[] Vector() => Enumerable.Range(0, network.ParameterCount).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var plane = new SurfacePlane(Vector(), Vector(), Vector(), "a", "b");
        var calculus = new PlaneCalculus(network, plane, SeedSet.Tanh(0.7, 1.3, 0.3, 300, seed));
        for (var trial = 0; trial < 60; trial++)
        {
            AssertMatchesFiniteDifferences(calculus, (random.NextDouble() * 4) - 2, (random.NextDouble() * 4) - 2);
        }
    }

    [Fact]
    public void LossEqualsTheNetworksLossOnTheWeightsPlaneForManyUnits()
    {
        var network = new TanhNetwork(4);
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), SeedSet.Test);
        var random = new Random(3);
        for (var trial = 0; trial < 20; trial++)
        {
            double a = (random.NextDouble() * 4) - 2, b = (random.NextDouble() * 4) - 2;
            var expected = network.Loss(network.Uniform(a, b), SeedSet.Test.X, SeedSet.Test.Y);
            Assert.Equal(expected, calculus.Evaluate(a, b).Loss, 1e-10 * expected);
            Assert.Equal(expected, calculus.Loss(a, b), 1e-10 * expected);
        }
    }

    [Fact]
    public void GradientMatchesTheTrainersGradientOnTheArticlesPlane()
    {
        var network = new TanhNetwork(1);
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), SeedSet.Test);
        Span<double> gradient = stackalloc double[2];
        network.LossAndGradient([0.7, -1.3], SeedSet.Test.X, SeedSet.Test.Y, gradient);
        var d = calculus.Evaluate(0.7, -1.3);
        Assert.Equal(gradient[0], d.GradientA, 1e-12 * Math.Abs(gradient[0]));
        Assert.Equal(gradient[1], d.GradientB, 1e-12 * Math.Abs(gradient[1]));
    }

    [Fact]
    public void HessianAtTheOriginIsPlusMinusTwiceMeanXY()
    {
        var network = new TanhNetwork(1);
        var test = SeedSet.Test;
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), test);
        var meanXY = test.X.Zip(test.Y, (x, y) => x * y).Average();
        var (low, high) = calculus.Evaluate(0, 0).Eigenvalues;
        Assert.Equal(-2 * Math.Abs(meanXY), low, 1e-12 * Math.Abs(meanXY));
        Assert.Equal(2 * Math.Abs(meanXY), high, 1e-12 * Math.Abs(meanXY));
    }

    [Fact]
    public void CurvatureInParameterSpaceDividesByTheSquaredDirectionLengthOnTheWeightsPlane()
    {
        // On the plane of N equal units, d1 and d2 have length √N: the parameter-space curvature is H/N.
        var network = new TanhNetwork(3);
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), SeedSet.Test);
        var d = calculus.Evaluate(0.4, -0.6);
        var (low, high) = d.Eigenvalues;
        var (curvatureLow, curvatureHigh) = calculus.CurvatureEigenvalues(d);
        Assert.Equal(low / 3, curvatureLow, 1e-12 * Math.Abs(low));
        Assert.Equal(high / 3, curvatureHigh, 1e-12 * Math.Abs(high));
    }

    [Fact]
    public void SymmetricEigenvaluesSolveTheCharacteristicEquation()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            double p = (random.NextDouble() * 20) - 10, q = (random.NextDouble() * 20) - 10, r = (random.NextDouble() * 20) - 10;
            var (low, high) = PlaneDerivatives.SymmetricEigenvalues(p, q, r);
            Assert.True(low <= high);
            Assert.Equal(p + r, low + high, 1e-9);
            Assert.Equal((p * r) - (q * q), low * high, 1e-8);
        }
    }

    [Fact]
    public void LossIsSymmetricUnderNegatingBothWeights()
    {
        var network = new TanhNetwork(1);
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), SeedSet.Test);
        Assert.Equal(calculus.Loss(0.83, -1.7), calculus.Loss(-0.83, 1.7), 1e-12);
    }

    internal static void AssertMatchesFiniteDifferences(PlaneCalculus calculus, double a, double b)
    {
        const double h = 1e-5;
        var d = calculus.Evaluate(a, b);
        var ga = (calculus.Loss(a + h, b) - calculus.Loss(a - h, b)) / (2 * h);
        var gb = (calculus.Loss(a, b + h) - calculus.Loss(a, b - h)) / (2 * h);
        var pa = calculus.Evaluate(a + h, b);
        var ma = calculus.Evaluate(a - h, b);
        var pb = calculus.Evaluate(a, b + h);
        var mb = calculus.Evaluate(a, b - h);
        var haa = (pa.GradientA - ma.GradientA) / (2 * h);
        var hab = (pb.GradientA - mb.GradientA) / (2 * h);
        var hba = (pa.GradientB - ma.GradientB) / (2 * h);
        var hbb = (pb.GradientB - mb.GradientB) / (2 * h);
        var scale = 1 + d.Loss;
        Close(ga, d.GradientA, scale, $"dL/da at ({a}, {b})");
        Close(gb, d.GradientB, scale, $"dL/db at ({a}, {b})");
        Close(haa, d.HessianAA, scale, $"d2L/da2 at ({a}, {b})");
        Close(hab, d.HessianAB, scale, $"d2L/dadb at ({a}, {b})");
        Close(hba, d.HessianAB, scale, $"d2L/dbda at ({a}, {b})");
        Close(hbb, d.HessianBB, scale, $"d2L/db2 at ({a}, {b})");
    }

    private static void Close(double expected, double actual, double scale, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * (scale + Math.Abs(expected)), $"{what}: finite differences {expected:R}, analytic {actual:R}");
}
