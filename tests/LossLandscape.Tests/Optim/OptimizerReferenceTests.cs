using System.Text.Json;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Testing;
using LossLandscape.Training;

namespace LossLandscape.Tests.Optim;

/// <summary>Every case of tests/reference/optimizers.json (PyTorch 1.13, float32) reproduced in float64.</summary>
public sealed class OptimizerReferenceTests
{
    private const double Tolerance = 1e-4;

    // Five epochs are 1250 steps; float64 rounding grows along them (and faster through the sensitive crossing).
    private const double Float64Tolerance = 1e-7;

    private static readonly Lazy<(RegressionSet Train, RegressionSet Test)> Sets = new(() =>
    {
        var data = Dataset.Generate(new DataOptions());
        var split = TrainTestSplit.Create(data.Count, 0.2, 42);
        return (RegressionSet.Gather(data, split.Train), RegressionSet.Gather(data, split.Test));
    });

    /// <summary>
    /// Where PyTorch's float32 run and its float64 run (optimizers-float64.json, made by
    /// scripts/references/make_references.py) part by more than the tolerance: with weight decay, SGD crosses w1 = 0
    /// in epoch 3, near the saddle between the two mirror-image minima, and float32 rounding decides where it goes.
    /// There the float32 reference measures rounding, not the optimizer; these points are checked against float64.
    /// </summary>
    private static readonly (string Case, int FromEpoch)[] PrecisionSensitive = [("sgd-weight-decay", 3)];


    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var item in Reference.Optimizers.GetProperty("cases").EnumerateArray())
        {
            names.Add(item.GetProperty("name").GetString()!);
        }

        return names;
    }

    [Fact]
    public void TheReferenceHoldsEveryOptimizerAndSchedule()
    {
        var cases = Reference.Optimizers.GetProperty("cases").EnumerateArray().ToArray();
        Assert.Equal(17, cases.Length);
        Assert.Equal(
            ["Adagrad", "Adam", "AdamW", "RMSprop", "SGD"],
            cases.Select(c => c.GetProperty("optimizer").GetString()).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void WeightsAfterEachOfTheFirstTwentyStepsMatchPyTorch(string name)
    {
        var item = Case(name);
        var settings = Settings(item);
        var trajectory = Train(settings, RecordEvery.Step, epochs: 1);
        var expected = item.GetProperty("steps").EnumerateArray().Select(Reference.Doubles).ToArray();
        Assert.Equal(20, expected.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            var record = trajectory.Records[k + 1];
            Assert.Equal(k + 1, record.Step);
            AssertClose(expected[k][0], record.Parameters[0], $"{name}: w1 after step {k + 1}");
            AssertClose(expected[k][1], record.Parameters[1], $"{name}: w2 after step {k + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void WeightsLossesAndLearningRateOfEveryEpochMatchPyTorch(string name)
    {
        var item = Case(name);
        var trajectory = TrainEpochs(item);
        var records = Records(item);
        var sensitiveFrom = PrecisionSensitive.Where(p => p.Case == name).Select(p => p.FromEpoch).DefaultIfEmpty(int.MaxValue).Single();
        Assert.Equal(records.Length, trajectory.Records.Count);
        for (var e = 0; e < Math.Min(records.Length, sensitiveFrom); e++)
        {
            var record = trajectory.Records[e];
            Assert.Equal(e, record.Epoch);
            AssertClose(records[e][0], record.Parameters[0], $"{name}: w1 after epoch {e}");
            AssertClose(records[e][1], record.Parameters[1], $"{name}: w2 after epoch {e}");

            // PyTorch averages in float32 and the losses are near 100: compare relative to the value.
            AssertClose(records[e][2], record.TestLoss, $"{name}: test loss after epoch {e}", Tolerance * Math.Abs(records[e][2]));
            AssertClose(records[e][3], record.TrainLoss, $"{name}: train loss after epoch {e}", Tolerance * Math.Abs(records[e][3]));
        }

        var rates = Reference.Doubles(item.GetProperty("lrs"));
        Assert.Equal(records.Length - 1, rates.Length);
        for (var e = 0; e < rates.Length; e++)
        {
            // The record after epoch e + 1 carries the rate used during epoch e.
            AssertClose(rates[e], trajectory.Records[e + 1].LearningRate, $"{name}: learning rate of epoch {e}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryStepAndEpochMatchesPyTorchInFloat64(string name)
    {
        var item = Case(name);
        var reference = Reference.OptimizersFloat64.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var steps = Train(Settings(item), RecordEvery.Step, epochs: 1);
        var expectedSteps = reference.GetProperty("steps").EnumerateArray().Select(Reference.Doubles).ToArray();
        for (var k = 0; k < expectedSteps.Length; k++)
        {
            AssertClose(expectedSteps[k][0], steps.Records[k + 1].Parameters[0], $"{name}: w1 after step {k + 1}", 1e-12);
            AssertClose(expectedSteps[k][1], steps.Records[k + 1].Parameters[1], $"{name}: w2 after step {k + 1}", 1e-12);
        }

        var trajectory = TrainEpochs(item);
        var records = Records(reference);
        var sensitiveFrom = PrecisionSensitive.Where(p => p.Case == name).Select(p => p.FromEpoch).DefaultIfEmpty(int.MaxValue).Single();
        for (var e = 0; e < records.Length; e++)
        {
            // Through the sensitive crossing even float64 rounding (1e-16) grows to ~1e-6 by epoch 5.
            var tolerance = e < sensitiveFrom ? Float64Tolerance : 1e-5;
            AssertClose(records[e][0], trajectory.Records[e].Parameters[0], $"{name}: w1 after epoch {e}", tolerance);
            AssertClose(records[e][1], trajectory.Records[e].Parameters[1], $"{name}: w2 after epoch {e}", tolerance);
            AssertClose(records[e][2], trajectory.Records[e].TestLoss, $"{name}: test loss after epoch {e}", tolerance * records[e][2]);
        }
    }

    [Fact]
    public void OnlyThePrecisionSensitivePointsPartFloat32FromFloat64PyTorch()
    {
        foreach (var item in Reference.Optimizers.GetProperty("cases").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            var single = Records(item);
            var dual = Records(Reference.OptimizersFloat64.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name));
            var sensitiveFrom = PrecisionSensitive.Where(p => p.Case == name).Select(p => p.FromEpoch).DefaultIfEmpty(int.MaxValue).Single();
            for (var e = 0; e < single.Length; e++)
            {
                var gap = Math.Max(Math.Abs(single[e][0] - dual[e][0]), Math.Abs(single[e][1] - dual[e][1]));
                Assert.True(
                    e < sensitiveFrom ? gap < Tolerance : gap > Tolerance,
                    $"{name}, epoch {e}: PyTorch float32 and float64 differ by {gap:E3}; the list of precision-sensitive points is out of date");
            }
        }
    }

    /// <summary>The reference's PyTorch arguments as settings, through the same names the command line uses.</summary>
    internal static OptimizerSettings Settings(JsonElement item)
    {
        var options = item.GetProperty("options");
        double? Number(string key) => options.TryGetProperty(key, out var v) ? v.GetDouble() : null;
        bool Flag(string key) => options.TryGetProperty(key, out var v) && v.GetBoolean();
        double? Beta(int index) => options.TryGetProperty("betas", out var v) ? v[index].GetDouble() : null;
        var kind = item.GetProperty("optimizer").GetString() switch
        {
            "SGD" => OptimizerKind.Sgd,
            "Adam" => OptimizerKind.Adam,
            "AdamW" => OptimizerKind.AdamW,
            "RMSprop" => OptimizerKind.RmsProp,
            "Adagrad" => OptimizerKind.Adagrad,
            var other => throw new InvalidOperationException($"unknown optimizer {other}"),
        };
        var settings = new OptimizerSettings
        {
            Kind = kind,
            LearningRate = Number("lr"),
            Momentum = Number("momentum"),
            Dampening = Number("dampening"),
            Nesterov = Flag("nesterov"),
            WeightDecay = Number("weight_decay"),
            Beta1 = Beta(0),
            Beta2 = Beta(1),
            Epsilon = Number("eps"),
            AmsGrad = Flag("amsgrad"),
            Alpha = Number("alpha"),
            Centered = Flag("centered"),
            LearningRateDecay = Number("lr_decay"),
            InitialAccumulator = Number("initial_accumulator_value"),
        };
        if (item.GetProperty("schedule") is { ValueKind: JsonValueKind.Object } schedule)
        {
            double? Get(string key) => schedule.TryGetProperty(key, out var v) ? v.GetDouble() : null;
            settings = schedule.GetProperty("kind").GetString() switch
            {
                "StepLR" => settings with { Schedule = ScheduleKind.Step, StepSize = (int?)Get("step_size"), Gamma = Get("gamma") },
                "ExponentialLR" => settings with { Schedule = ScheduleKind.Exponential, Gamma = Get("gamma") },
                "CosineAnnealingLR" => settings with { Schedule = ScheduleKind.Cosine, MaxEpochs = (int?)Get("T_max"), MinLearningRate = Get("eta_min") },
                var other => throw new InvalidOperationException($"unknown schedule {other}"),
            };
        }

        settings.Validate();
        return settings;
    }

    private static JsonElement Case(string name) =>
        Reference.Optimizers.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static Trajectory TrainEpochs(JsonElement item) =>
        Train(Settings(item), RecordEvery.Epoch, Reference.Optimizers.GetProperty("args").GetProperty("epochs").GetInt32());

    private static double[][] Records(JsonElement item) => item.GetProperty("records").EnumerateArray().Select(Reference.Doubles).ToArray();

    /// <summary>The seed's network trained from (-1, -1) with <paramref name="settings"/>, in the split's order, batches of 32.</summary>
    internal static Trajectory Train(OptimizerSettings settings, RecordEvery record, int epochs)
    {
        var (train, test) = Sets.Value;
        var network = new TanhNetwork(1);
        return Trainer.Train(
            network,
            network.Uniform(-1, -1),
            train,
            test,
            settings.CreateOptimizer(),
            settings.CreateSchedule(epochs),
            new TrainingOptions { Epochs = epochs, BatchSize = 32, Shuffle = false, Record = record });
    }

    private static void AssertClose(double expected, double actual, string what, double tolerance = Tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3})");
}
