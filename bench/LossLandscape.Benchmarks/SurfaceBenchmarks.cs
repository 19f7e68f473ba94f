using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Benchmarks;

/// <summary>The seed's 80 × 80 surface over (w1, w2) on the 2,000 test points: the exact quadratic rows against the article's loop.</summary>
[WarmupCount(2)]
[IterationCount(10)]
public class SeedSurface
{
    private readonly TanhNetwork _network = new(1);
    private readonly GridAxis _axis = new(-2, 2, 0.05);
    private SurfacePlane _plane = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plane = SurfacePlane.Weights(_network);
        _ = SeedData.Test;
    }

    [Benchmark(Baseline = true, Description = "naive: set weights, loop over test set per point")]
    public double[] Naive() => NaiveBaseline.Surface(_plane, _axis, _axis, SeedData.Test);

    [Benchmark(Description = "exact quadratic rows (SIMD, parallel)")]
    public LossSurface Exact() => SurfaceEvaluator.Evaluate(_network, _plane, _axis, _axis, SeedData.Test);
}

/// <summary>A 1,000 × 1,000 surface over (w1, w2) with the default data: the exact path, measured with full statistics.</summary>
[WarmupCount(3)]
[IterationCount(15)]
public class MillionPointSurface
{
    private readonly TanhNetwork _network = new(1);
    private readonly GridAxis _axis = MillionPointAxis.Create();
    private readonly SurfaceOptions _options = new();
    private readonly double[] _buffer = new double[1000 * 1000];
    private SurfacePlane _plane = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plane = SurfacePlane.Weights(_network);
        _ = SeedData.Test;
    }

    [Benchmark(Description = "exact quadratic rows (SIMD, parallel)")]
    public LossSurface Exact() => SurfaceEvaluator.Evaluate(_network, _plane, _axis, _axis, SeedData.Test);

    [Benchmark(Description = "exact quadratic rows, one thread")]
    public LossSurface ExactOneThread() => SurfaceEvaluator.Evaluate(_network, _plane, _axis, _axis, SeedData.Test, new SurfaceOptions { MaxDegreeOfParallelism = 1 });

    [Benchmark(Description = "exact quadratic rows into a reused buffer")]
    public double[] ExactInto()
    {
        SurfaceEvaluator.EvaluateInto(_network, _plane, _axis, _axis, SeedData.Test, _options, _buffer);
        return _buffer;
    }
}

/// <summary>
/// The article's loop on the same 1,000 × 1,000 surface. One naive surface takes tens of seconds, so it runs three
/// times without pilot or warm-up (BenchmarkDotNet's Monitoring strategy); the ratio is taken against
/// <see cref="MillionPointSurface"/> from the same run, whose few milliseconds need the full statistics.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class MillionPointSurfaceNaive
{
    private readonly GridAxis _axis = MillionPointAxis.Create();
    private SurfacePlane _plane = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plane = SurfacePlane.Weights(new TanhNetwork(1));
        _ = SeedData.Test;
    }

    [Benchmark(Description = "naive: set weights, loop over test set per point")]
    public double[] Naive() => NaiveBaseline.Surface(_plane, _axis, _axis, SeedData.Test);
}

/// <summary>The 1,000-point axis −2:2:0.004.</summary>
internal static class MillionPointAxis
{
    public static GridAxis Create()
    {
        var axis = new GridAxis(-2, 2, 0.004);
        return axis.Count == 1000 ? axis : throw new InvalidOperationException($"expected 1000 points per axis, got {axis.Count}");
    }
}

/// <summary>
/// The general path on a 1 → 16 → 1 network: a random plane whose both directions move hidden and output weights,
/// 32 × 32 points × 2,000 test samples × 16 hidden units = 32.8 M unit evaluations per surface.
/// </summary>
[WarmupCount(2)]
[IterationCount(10)]
public class GeneralSurface
{
    public const int Hidden = 16;
    private readonly TanhNetwork _network = new(Hidden);
    private readonly GridAxis _axis = new(-1, 1, 0.0625);
    private SurfacePlane _plane = null!;

    /// <summary>Grid points × test samples × hidden units in one surface.</summary>
    public long Units => (long)_axis.Count * _axis.Count * SeedData.Test.Count * Hidden;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        double[] Draw(double scale) => Enumerable.Range(0, _network.ParameterCount).Select(_ => scale * ((2 * random.NextDouble()) - 1)).ToArray();
        _plane = new SurfacePlane(Draw(1), Draw(0.5), Draw(0.5), "a", "b");
        if (SurfaceEvaluator.ChooseMethod(_network, _plane) != SurfaceMethod.General || _axis.Count != 32)
        {
            throw new InvalidOperationException("the benchmark plane must need the general path on a 32 × 32 grid");
        }
    }

    [Benchmark(Baseline = true, Description = "naive: set weights, loop over test set per point")]
    public double[] Naive() => NaiveBaseline.Surface(_plane, _axis, _axis, SeedData.Test);

    [Benchmark(Description = "general path, float32 (default)")]
    public LossSurface Single() => SurfaceEvaluator.Evaluate(_network, _plane, _axis, _axis, SeedData.Test, new SurfaceOptions { Precision = SurfacePrecision.Single });

    [Benchmark(Description = "general path, float64")]
    public LossSurface Double() => SurfaceEvaluator.Evaluate(_network, _plane, _axis, _axis, SeedData.Test, new SurfaceOptions { Precision = SurfacePrecision.Double });
}
