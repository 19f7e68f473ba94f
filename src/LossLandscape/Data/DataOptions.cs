namespace LossLandscape.Data;

/// <summary>How the synthetic regression data are drawn. The defaults are the seed article's.</summary>
public sealed record DataOptions
{
    /// <summary>Number of points (the article uses 10,000).</summary>
    public int Samples { get; init; } = 10_000;

    /// <summary>Seed of numpy's legacy generator, used for the data and the split (the article's 42).</summary>
    public uint Seed { get; init; } = 42;

    /// <summary>Mean of x ~ Normal(mean, std).</summary>
    public double XMean { get; init; } = 1.0;

    /// <summary>Standard deviation of x.</summary>
    public double XStd { get; init; } = 4.5;

    /// <summary>Standard deviation of the additive Normal(0, std) noise on y.</summary>
    public double NoiseStd { get; init; } = 1.0;

    /// <summary>Fraction of points held out as the test set, as scikit-learn's <c>test_size</c>.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        if (Samples < 2)
        {
            throw new InvalidOptionException("samples", $"must be at least 2 (got {Samples})");
        }

        if (!double.IsFinite(XMean))
        {
            throw new InvalidOptionException("x-mean", $"must be a finite number (got {XMean})");
        }

        if (!(XStd > 0) || !double.IsFinite(XStd))
        {
            throw new InvalidOptionException("x-std", $"must be a finite number > 0 (got {XStd})");
        }

        if (!(NoiseStd >= 0) || !double.IsFinite(NoiseStd))
        {
            throw new InvalidOptionException("noise-std", $"must be a finite number >= 0 (got {NoiseStd})");
        }

        if (!(TestFraction > 0 && TestFraction < 1))
        {
            throw new InvalidOptionException("test-fraction", $"must be strictly between 0 and 1 (got {TestFraction})");
        }

        var (train, test) = TrainTestSplit.Sizes(Samples, TestFraction);
        if (train < 1 || test < 1)
        {
            throw new InvalidOptionException(
                "test-fraction",
                $"{TestFraction} of {Samples} samples leaves {train} training and {test} test points; both sides need at least 1");
        }
    }
}
