using LossLandscape.Data;

namespace LossLandscape.Tests.Analysis;

/// <summary>The seed experiment's test set (defaults: 10,000 points, seed 42, 20 % test).</summary>
internal static class SeedSet
{
    private static readonly Lazy<RegressionSet> LazyTest = new(() =>
    {
        var options = new DataOptions();
        var data = Dataset.Generate(options);
        var split = TrainTestSplit.Create(options.Samples, options.TestFraction, options.Seed);
        return RegressionSet.Gather(data, split.Test);
    });

    /// <summary>The 2,000 test pairs.</summary>
    public static RegressionSet Test => LazyTest.Value;

    /// <summary>A small set y = scale·tanh(slope·x) + noise with its minima at ±(slope, scale).</summary>
    public static RegressionSet Tanh(double slope, double scale, double noise, int count, int seed)
    {
        var random = new Random(seed);
        var x = new double[count];
        var y = new double[count];
        for (var k = 0; k < count; k++)
        {
            x[k] = (random.NextDouble() * 8) - 4;
            y[k] = (scale * Math.Tanh(slope * x[k])) + (noise * ((random.NextDouble() * 2) - 1));
        }

        return new RegressionSet(x, y);
    }
}
