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

    /// <summary>A CSV file, .npy inputs or an .npz archive of the user's data instead of the synthetic points; null for the synthetic data.</summary>
    public string? File { get; init; }

    /// <summary>The .npy file of the targets (class labels or numbers) that goes with .npy inputs.</summary>
    public string? Targets { get; init; }

    /// <summary>The inputs' array in an .npz archive.</summary>
    public string XArray { get; init; } = "x";

    /// <summary>The targets' array in an .npz archive.</summary>
    public string YArray { get; init; } = "y";

    /// <summary>An .npz array of 'train'/'test' strings (or booleans, true for test) that replaces the random split; null for none.</summary>
    public string? SplitArray { get; init; }

    /// <summary>The factor the array inputs are multiplied by as they are read (1/255 maps uint8 pixels to [0, 1]).</summary>
    public double Scale { get; init; } = 1.0;

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

        ValidateArrays();
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

    /// <summary>The array options belong to .npy/.npz data, the CSV options to CSV data.</summary>
    private void ValidateArrays()
    {
        var arrays = ArrayData.IsArrayFile(File);
        var archive = ArrayData.IsArchive(File);
        if (!arrays && (Targets is not null || SplitArray is not null || XArray != "x" || YArray != "y" || Scale != 1.0))
        {
            var option = Targets is not null ? "targets" : SplitArray is not null ? "split-array" : XArray != "x" ? "x-array" : YArray != "y" ? "y-array" : "scale";
            throw new InvalidOptionException(option, "applies to array data; give «data» FILE.npy or FILE.npz");
        }

        if (!arrays)
        {
            return;
        }

        if (Target is not null || Features is not null || UseSplitColumn || Standardize)
        {
            var option = Target is not null ? "target" : Features is not null ? "features" : UseSplitColumn ? "split" : "standardize";
            throw new InvalidOptionException(option, $"applies to a CSV file; {Path.GetFileName(File)} is an array file (name its arrays with «x-array», «y-array», «split-array»; scale it with «scale»)");
        }

        if (archive && Targets is not null)
        {
            throw new InvalidOptionException("targets", $"belongs to .npy inputs; {Path.GetFileName(File)} is an archive: name its targets' array with «y-array»");
        }

        if (!archive && (SplitArray is not null || XArray != "x" || YArray != "y"))
        {
            throw new InvalidOptionException(SplitArray is not null ? "split-array" : XArray != "x" ? "x-array" : "y-array", $"names an array of an .npz archive; {Path.GetFileName(File)} is one .npy array");
        }

        if (!archive && Targets is null)
        {
            throw new InvalidOptionException("targets", $"«data» {Path.GetFileName(File)} holds the inputs: give the targets with «targets» FILE.npy");
        }

        if (!(double.IsFinite(Scale) && Scale > 0))
        {
            throw new InvalidOptionException("scale", $"must be a positive finite number, e.g. 1/255 (got {Text(Scale)})");
        }
    }

    private static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
