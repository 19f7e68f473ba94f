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

    /// <summary>A CSV file of the user's data instead of the synthetic points; null for the synthetic data.</summary>
    public string? File { get; init; }

    /// <summary>The file's target column; null for the last column.</summary>
    public string? Target { get; init; }

    /// <summary>The file's input columns; null for every column but the target (and split).</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Split by the file's <c>split</c> column (train/test) instead of scikit-learn's random split.</summary>
    public bool UseSplitColumn { get; init; }

    /// <summary>Scale the file's inputs to zero mean and unit variance with the training rows' statistics.</summary>
    public bool Standardize { get; init; }

    /// <summary>Throws <see cref="InvalidOptionException"/> naming the first value outside its range (see <see cref="Limits"/>).</summary>
    public void Validate()
    {
        if (File is null && (Target is not null || Features is not null || UseSplitColumn || Standardize))
        {
            throw new InvalidOptionException(Target is not null ? "target" : Features is not null ? "features" : UseSplitColumn ? "split" : "standardize", "applies to a data file; give «data» FILE.csv");
        }

        if (File is not null)
        {
            if (!(TestFraction > 0 && TestFraction < 1))
            {
                throw new InvalidOptionException("test-fraction", $"must be strictly between 0 and 1 (got {TestFraction})");
            }

            return;
        }

        if (Samples < 2 || Samples > Limits.MaxSamples)
        {
            throw new InvalidOptionException("samples", $"must be between 2 and {Limits.MaxSamples} (got {Samples})");
        }

        if (!(Math.Abs(XMean) <= Limits.MaxAbsXMean))
        {
            throw new InvalidOptionException("x-mean", $"must be between -{Limits.Text(Limits.MaxAbsXMean)} and {Limits.Text(Limits.MaxAbsXMean)} (got {Text(XMean)})");
        }

        if (!(XStd > 0 && XStd <= Limits.MaxStd))
        {
            throw new InvalidOptionException("x-std", $"must be > 0 and at most {Limits.Text(Limits.MaxStd)} (got {Text(XStd)})");
        }

        if (!(NoiseStd >= 0 && NoiseStd <= Limits.MaxStd))
        {
            throw new InvalidOptionException("noise-std", $"must be between 0 and {Limits.Text(Limits.MaxStd)} (got {Text(NoiseStd)})");
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

    private static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
