using LossLandscape.Data;

namespace LossLandscape.Tests;

/// <summary>The loss computed the plain way, with Math.Tanh, as the float64 reference the fast paths are held to.</summary>
internal static class ScalarReference
{
    public static double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var hidden = theta.Length / 2;
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
        }

        return sum / x.Length;
    }

    public static RegressionSet SeedTestSet()
    {
        var data = Dataset.Generate(new DataOptions());
        var split = TrainTestSplit.Create(10_000, 0.2, 42);
        return RegressionSet.Gather(data, split.Test);
    }

    public static RegressionSet SeedTrainSet()
    {
        var data = Dataset.Generate(new DataOptions());
        var split = TrainTestSplit.Create(10_000, 0.2, 42);
        return RegressionSet.Gather(data, split.Train);
    }

    public static double[] Normal(Random random, int count, double scale)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box–Muller; the tests only need a seeded spread of values.
            values[i] = scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return values;
    }

    public static double RelativeError(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);
}
