namespace LossLandscape.Data;

/// <summary>
/// The user's data: a CSV file read by <see cref="CsvTable"/> as <see cref="DataOptions"/> describes it, split by its
/// <c>split</c> column or as scikit-learn's <c>train_test_split</c> (with <see cref="DataOptions.TestFraction"/> and
/// <see cref="DataOptions.Seed"/>), optionally standardised with the training rows' statistics.
/// </summary>
public static class CsvData
{
    /// <summary>The name of the column <c>--split column</c> reads.</summary>
    public const string SplitColumn = "split";

    /// <summary>
    /// Reads <see cref="DataOptions.File"/>. <paramref name="classes"/>, when set, is the number of classes the target's
    /// indices must lie below. Every problem is one <see cref="InvalidOptionException"/> naming the file, line and column.
    /// </summary>
    public static (Dataset Data, TrainTestSplit Split) Load(DataOptions options, int? classes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.File ?? throw new ArgumentException("no data file is set", nameof(options));
        var table = CsvTable.Read(path, new CsvColumns(options.Target, options.Features, options.UseSplitColumn ? SplitColumn : null, classes));
        TrainTestSplit split;
        if (table.IsTest is { } isTest)
        {
            split = TrainTestSplit.FromColumn(isTest);
        }
        else
        {
            var (train, test) = TrainTestSplit.Sizes(table.Rows, options.TestFraction);
            if (train < 2 || test < 2)
            {
                throw new InvalidOptionException(CsvTable.Option, $"{Path.GetFileName(path)}: «test-fraction» {options.TestFraction} of {table.Rows} rows leaves {train} train and {test} test rows; each side needs at least two");
            }

            split = TrainTestSplit.Create(table.Rows, options.TestFraction, options.Seed);
        }

        var x = table.X;
        Standardization? standardization = null;
        if (options.Standardize)
        {
            standardization = Standardization.Of(table.FeatureNames, x, split.Train);
            standardization.Apply(x);
        }

        return (new Dataset(x, table.Y, table.FeatureNames.Count, table.FeatureNames, table.TargetName, standardization), split);
    }
}
