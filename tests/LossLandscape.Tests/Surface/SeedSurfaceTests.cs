using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Surface;

public sealed class SeedSurfaceTests
{
    private static readonly Lazy<(TanhNetwork Network, RegressionSet Test)> Seed = new(() =>
    {
        var data = Dataset.Generate(new DataOptions());
        var split = TrainTestSplit.Create(data.Count, 0.2, 42);
        return (new TanhNetwork(1), RegressionSet.Gather(data, split.Test));
    });

    [Fact]
    public void GridValuesEqualNumpyArange()
    {
        var expected = Reference.Doubles(Reference.Seed.GetProperty("grid"));
        var axis = new GridAxis(-2, 2, 0.05);
        Assert.Equal(expected.Length, axis.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(axis[i]));
        }
    }

    [Theory]
    [InlineData(0, 1, 0.1, 10)]
    [InlineData(0, 1, 0.3, 4)]
    [InlineData(-3, 1, 0.5, 8)]
    [InlineData(0, 0.5, 1, 1)]
    public void AxisLengthIsTheCeilingOfSpanOverStep(double start, double stop, double step, int count)
    {
        var axis = new GridAxis(start, stop, step);
        Assert.Equal(count, axis.Count);
        Assert.True(axis[axis.Count - 1] < stop);
    }

    [Fact]
    public void SurfaceOnTheReferenceGridMatchesNumpyWithin1e9Relative()
    {
        var (network, test) = Seed.Value;
        var grid = new GridAxis(-2, 2, 0.05);
        var surface = SurfaceEvaluator.Evaluate(network, SurfacePlane.Weights(network), grid, grid, test);
        var reference = Reference.Seed.GetProperty("loss");
        var i = 0;
        foreach (var row in reference.EnumerateArray())
        {
            var j = 0;
            foreach (var value in row.EnumerateArray())
            {
                var expected = value.GetDouble();
                var relative = Math.Abs(surface[i, j] - expected) / Math.Abs(expected);
                Assert.True(relative <= 1e-9, $"loss at w1={grid[i]}, w2={grid[j]}: {surface[i, j]:R} vs numpy {expected:R}");
                j++;
            }

            i++;
        }

        Assert.Equal(80, i);
    }

    [Fact]
    public void RowsFollowW1AndColumnsFollowW2()
    {
        var (network, test) = Seed.Value;
        var w1 = new GridAxis(-1.5, 0.5, 0.5);
        var w2 = new GridAxis(0.25, 2, 0.25);
        var surface = SurfaceEvaluator.Evaluate(network, SurfacePlane.Weights(network), w1, w2, test);
        Assert.Equal(w1.Count, surface.Axis1.Count);
        Assert.Equal(w2.Count, surface.Axis2.Count);
        for (var i = 0; i < w1.Count; i++)
        {
            for (var j = 0; j < w2.Count; j++)
            {
                var direct = network.Loss([w1[i], w2[j]], test.X, test.Y);
                Assert.Equal(direct, surface[i, j], 1e-10 * direct);
            }
        }
    }

    [Fact]
    public void LossIsSymmetricUnderNegatingBothWeights()
    {
        // tanh is odd, so (−w2)·tanh(−w1·x) = w2·tanh(w1·x): the surface is point-symmetric about the origin.
        var (network, test) = Seed.Value;
        var random = new Random(42);
        for (var k = 0; k < 200; k++)
        {
            var w1 = (random.NextDouble() * 8) - 4;
            var w2 = (random.NextDouble() * 8) - 4;
            var a = network.Loss([w1, w2], test.X, test.Y);
            var b = network.Loss([-w1, -w2], test.X, test.Y);
            Assert.Equal(a, b, 1e-12 * a);
        }
    }

    [Fact]
    public void SymmetricGridGivesAPointSymmetricSurface()
    {
        var (network, test) = Seed.Value;
        var axis = new GridAxis(-2, 2.01, 0.25);
        var surface = SurfaceEvaluator.Evaluate(network, SurfacePlane.Weights(network), axis, axis, test);
        var n = axis.Count;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(surface[i, j], surface[n - 1 - i, n - 1 - j], 1e-9 * surface[i, j]);
            }
        }
    }

    [Fact]
    public void PlaneWithHiddenDirectionsAgreesWithDirectEvaluation()
    {
        // Swapping the directions makes d2 move the hidden weight: the evaluator cannot use the quadratic row.
        var (network, test) = Seed.Value;
        var swapped = new SurfacePlane([0.0, 0.0], [0.0, 1.0], [1.0, 0.0], "w2", "w1");
        var a = new GridAxis(-1, 1, 0.5);
        var b = new GridAxis(-2, 2, 1);
        var surface = SurfaceEvaluator.Evaluate(network, swapped, a, b, test);
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < b.Count; j++)
            {
                Assert.Equal(network.Loss([b[j], a[i]], test.X, test.Y), surface[i, j], 1e-9);
            }
        }
    }

    [Fact]
    public void WiderNetworkOnItsWeightPlaneIsTheNarrowOneScaled()
    {
        // With N equal units the output is N·w2·tanh(w1·x): the N-unit plane at (w1, w2) equals one unit at (w1, N·w2).
        var (_, test) = Seed.Value;
        var wide = new TanhNetwork(3);
        var narrow = new TanhNetwork(1);
        var a = new GridAxis(-1, 1, 0.5);
        var surface = SurfaceEvaluator.Evaluate(wide, SurfacePlane.Weights(wide), a, a, test);
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < a.Count; j++)
            {
                var expected = narrow.Loss([a[i], 3 * a[j]], test.X, test.Y);
                Assert.Equal(expected, surface[i, j], 1e-9 * expected);
            }
        }
    }

    [Fact]
    public void CoverGrowsTheSameLatticeOutward()
    {
        var axis = new GridAxis(-2, 2, 0.05);
        var grown = axis.Cover(-3.27, 1.0);
        Assert.Equal(0.05, grown.Step);
        Assert.True(grown.Start <= -3.27 && grown.Start > -3.27 - 0.05);
        Assert.Equal(axis[axis.Count - 1], grown[grown.Count - 1], 1e-12);
        Assert.Same(axis, axis.Cover(-1, 1));
    }
}
