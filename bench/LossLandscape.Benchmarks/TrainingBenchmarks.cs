using BenchmarkDotNet.Attributes;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Training;

namespace LossLandscape.Benchmarks;

/// <summary>25 epochs of SGD with the defaults (6,250 steps of 32, shuffled, the test and train loss after every epoch).</summary>
[WarmupCount(3)]
[IterationCount(10)]
public class Training
{
    private readonly TanhNetwork _network = new(1);
    private readonly TrainingOptions _options = new();
    private readonly double[] _initial = [-1.0, -1.0];

    [GlobalSetup]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "BenchmarkDotNet runs [GlobalSetup] on the benchmark instance")]
    public void Setup() => _ = SeedData.Train;

    [Benchmark(Baseline = true, Description = "naive: fresh batch arrays, LINQ forward/backward")]
    public List<double[]> Naive() => NaiveBaseline.Train(SeedData.Train, SeedData.Test, _options.Epochs, 0.01, _options.ShuffleSeed);

    [Benchmark(Description = "Trainer.Train")]
    public Trajectory Trainer() =>
        LossLandscape.Training.Trainer.Train(_network, _initial, SeedData.Train, SeedData.Test, new Sgd(), new ConstantSchedule(0.01), _options);
}

/// <summary>One optimizer step on a batch of 32: forward, backward and update. MemoryDiagnoser must show no allocation.</summary>
[WarmupCount(3)]
[IterationCount(20)]
public class Step
{
    private readonly TanhNetwork _network = new(1);
    private readonly Sgd _sgd = new();
    private readonly double[] _theta = [-1.0, -1.0];
    private readonly double[] _gradient = new double[2];
    private double[] _x = null!;
    private double[] _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = SeedData.Train.X[..32];
        _y = SeedData.Train.Y[..32];
    }

    [Benchmark(Description = "LossAndGradient + Sgd.Step, batch 32")]
    public double LossAndGradientStep()
    {
        var loss = _network.LossAndGradient(_theta, _x, _y, _gradient);
        _sgd.Step(_theta, _gradient, 1e-9);
        return loss;
    }
}
