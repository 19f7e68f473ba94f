using LossLandscape.Models;

namespace LossLandscape.Tests.Nn;

public sealed class GradientTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 7)]
    [InlineData(3, 2)]
    [InlineData(8, 3)]
    public void GradientMatchesCentralDifferences(int hidden, int seed)
    {
        var random = new Random(seed);
        var network = new TanhNetwork(hidden);
        var x = Enumerable.Range(0, 37).Select(_ => (random.NextDouble() * 10) - 5).ToArray();
        var y = x.Select(v => Math.Sin(v) + (0.1 * v)).ToArray();
        for (var trial = 0; trial < 20; trial++)
        {
            var theta = Enumerable.Range(0, network.ParameterCount).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
            var gradient = new double[theta.Length];
            var loss = network.LossAndGradient(theta, x, y, gradient);
            Assert.Equal(network.Loss(theta, x, y), loss, 1e-12 * loss);
            for (var p = 0; p < theta.Length; p++)
            {
                const double h = 1e-6;
                var plus = (double[])theta.Clone();
                var minus = (double[])theta.Clone();
                plus[p] += h;
                minus[p] -= h;
                var numeric = (network.Loss(plus, x, y) - network.Loss(minus, x, y)) / (2 * h);
                Assert.True(
                    Math.Abs(numeric - gradient[p]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)),
                    $"parameter {p}: analytic {gradient[p]:R}, central difference {numeric:R}");
            }
        }
    }

    [Fact]
    public void PredictionIsTheSumOfOutputWeightsTimesTanh()
    {
        var network = new TanhNetwork(2);
        double[] theta = [0.5, -1.5, 2.0, 3.0];
        var expected = (2.0 * Math.Tanh(0.5 * 1.2)) + (3.0 * Math.Tanh(-1.5 * 1.2));
        Assert.Equal(expected, network.Predict(theta, 1.2), 15);
    }

    [Fact]
    public void LayoutNamesTheTwoLayers()
    {
        var network = new TanhNetwork(4);
        Assert.Equal(8, network.Layout.Count);
        Assert.Equal(0..4, network.Layout["0.weight"].Range);
        Assert.Equal(4..8, network.Layout["2.weight"].Range);
        Assert.Equal([4, 1], network.Layout["0.weight"].Shape);
        Assert.Equal([1, 4], network.Layout["2.weight"].Shape);
        Assert.True(network.Layout.MovesOnly([0, 0, 0, 0, 1, 0, 2, 0], layer: 1));
        Assert.False(network.Layout.MovesOnly([0, 1, 0, 0, 1, 0, 2, 0], layer: 1));
    }

    [Fact]
    public void HiddenMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TanhNetwork(0));
    }
}
