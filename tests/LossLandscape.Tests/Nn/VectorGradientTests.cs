using LossLandscape.Models;

namespace LossLandscape.Tests.Nn;

public sealed class VectorGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(TanhKernels.MaxGradientHidden + 1)]
    public void LossAndGradientEqualTheScalarFormulasForEveryBatchLength(int hidden)
    {
        var network = new TanhNetwork(hidden);
        var random = new Random(42);
        var gradient = new double[network.ParameterCount];
        for (var length = 1; length <= 37; length += hidden > 16 ? 9 : 1)
        {
            var x = ScalarReference.Normal(random, length, 4.5);
            var y = ScalarReference.Normal(random, length, 3);
            var theta = ScalarReference.Normal(random, network.ParameterCount, 1);
            var loss = network.LossAndGradient(theta, x, y, gradient);
            var (expectedLoss, expectedGradient) = ScalarLossAndGradient(theta, x, y);
            Assert.True(ScalarReference.RelativeError(loss, expectedLoss) <= 1e-13, $"N={hidden} m={length}: loss {loss:R} vs {expectedLoss:R}");
            var scale = expectedGradient.Max(Math.Abs);
            for (var i = 0; i < gradient.Length; i++)
            {
                Assert.True(Math.Abs(gradient[i] - expectedGradient[i]) <= 1e-13 * scale, $"N={hidden} m={length}: gradient[{i}] {gradient[i]:R} vs {expectedGradient[i]:R}");
            }

            Assert.True(ScalarReference.RelativeError(network.Loss(theta, x, y), expectedLoss) <= 1e-13, "Loss and LossAndGradient agree");
        }
    }

    [Fact]
    public void LossAndGradientAllocateNothing()
    {
        var network = new TanhNetwork(4);
        var x = ScalarReference.Normal(new Random(1), 32, 4.5);
        var y = ScalarReference.Normal(new Random(2), 32, 3);
        var theta = ScalarReference.Normal(new Random(3), 8, 1);
        var gradient = new double[8];
        network.LossAndGradient(theta, x, y, gradient);
        network.Loss(theta, x, y);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            network.LossAndGradient(theta, x, y, gradient);
            network.Loss(theta, x, y);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static (double Loss, double[] Gradient) ScalarLossAndGradient(double[] theta, double[] x, double[] y)
    {
        var hidden = theta.Length / 2;
        var gradient = new double[theta.Length];
        var sum = 0.0;
        for (var k = 0; k < x.Length; k++)
        {
            var prediction = 0.0;
            for (var h = 0; h < hidden; h++)
            {
                prediction += theta[hidden + h] * Math.Tanh(theta[h] * x[k]);
            }

            var r = prediction - y[k];
            sum += r * r;
            for (var h = 0; h < hidden; h++)
            {
                var t = Math.Tanh(theta[h] * x[k]);
                gradient[hidden + h] += 2 * r * t / x.Length;
                gradient[h] += 2 * r * theta[hidden + h] * (1 - (t * t)) * x[k] / x.Length;
            }
        }

        return (sum / x.Length, gradient);
    }
}
