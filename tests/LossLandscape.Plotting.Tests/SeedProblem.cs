using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Plotting;
using LossLandscape.Surface;

namespace LossLandscape.Plotting.Tests;

/// <summary>The seed test set on a deliberately non-square grid, its analysis and a short made-up path.</summary>
internal static class SeedProblem
{
    public static TanhNetwork Network { get; } = new(1);

    public static SurfacePlane Plane { get; } = SurfacePlane.Weights(Network);

    private static readonly Lazy<(RegressionSet Test, LossSurface Surface, SurfaceAnalysis Analysis)> Lazy = new(() =>
    {
        var options = new DataOptions();
        var data = Dataset.Generate(options);
        var split = TrainTestSplit.Create(options.Samples, options.TestFraction, options.Seed);
        var test = RegressionSet.Gather(data, split.Test);
        var surface = SurfaceEvaluator.Evaluate(Network, Plane, new GridAxis(-3, 2, 0.1), new GridAxis(-2, 1.5, 0.05), test);
        var analysis = SurfaceAnalysis.Analyze(Network, Plane, surface, test, null);
        return (test, surface, analysis);
    });

    public static RegressionSet Test => Lazy.Value.Test;

    /// <summary>w1 from −3 to 1.9 (50 values), w2 from −2 to 1.45 (70 values).</summary>
    public static LossSurface Surface => Lazy.Value.Surface;

    public static SurfaceAnalysis Analysis => Lazy.Value.Analysis;

    public static double LossAt(double w1, double w2) => Network.Loss([w1, w2], Test.X, Test.Y);

    /// <summary>A path of <paramref name="records"/> records, one per epoch.</summary>
    public static PathView Path(int records)
    {
        var a = Enumerable.Range(0, records).Select(k => -1 - (1.5 * k / Math.Max(1, records - 1))).ToArray();
        var b = Enumerable.Range(0, records).Select(k => -1 + (0.8 * k / Math.Max(1, records - 1))).ToArray();
        return new PathView
        {
            Name = "SGD path",
            A = a,
            B = b,
            Loss = a.Zip(b, LossAt).ToArray(),
            Epochs = Enumerable.Range(0, records).ToArray(),
            Steps = Enumerable.Range(0, records).Select(k => k * 250).ToArray(),
        };
    }
}
