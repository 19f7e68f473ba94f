using LossLandscape.Data;

namespace LossLandscape.Benchmarks;

/// <summary>The seed experiment's data and split, built once per benchmark process.</summary>
internal static class SeedData
{
    private static readonly Lazy<(RegressionSet Train, RegressionSet Test)> Sets = new(() =>
    {
        var data = Dataset.Generate(new DataOptions());
        var split = TrainTestSplit.Create(data.Count, 0.2, 42);
        return (RegressionSet.Gather(data, split.Train), RegressionSet.Gather(data, split.Test));
    });

    public static RegressionSet Train => Sets.Value.Train;

    public static RegressionSet Test => Sets.Value.Test;
}
