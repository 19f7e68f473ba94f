using System.Text.Json;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Options;
using LossLandscape.Testing;
using LossLandscape.Training;

namespace LossLandscape.Tests.Optim;

/// <summary>
/// Gradient-norm clipping against PyTorch (tests/reference/optimizers-clip.json, made by
/// scripts/references/make_clip_references.py): torch.nn.utils.clip_grad_norm_ before every step, with SGD, SGD with
/// momentum, Adam and RMSprop, at the tolerances of <see cref="OptimizerReferenceTests"/>.
/// </summary>
public sealed class GradientClippingTests
{
    private const double Tolerance = 1e-4;

    private const double Float64Tolerance = 1e-7;

    private static readonly Lazy<(RegressionSet Train, RegressionSet Test)> Sets = new(() =>
    {
        var data = Dataset.Generate(new DataOptions());
        var split = TrainTestSplit.Create(data.Count, 0.2, 42);
        return (RegressionSet.Gather(data, split.Train), RegressionSet.Gather(data, split.Test));
    });

    public static TheoryData<string> CaseNames() => [.. Cases("float32").Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryStepAndEpochMatchesPyTorch(string name)
    {
        foreach (var (dtype, stepTolerance, epochTolerance) in new[] { ("float32", Tolerance, Tolerance), ("float64", 1e-12, Float64Tolerance) })
        {
            var item = Cases(dtype).Single(c => c.GetProperty("name").GetString() == name);
            var settings = Settings(item);
            var steps = Train(settings, RecordEvery.Step, epochs: 1);
            var expectedSteps = item.GetProperty("steps").EnumerateArray().Select(Reference.Doubles).ToArray();
            Assert.Equal(20, expectedSteps.Length);
            for (var k = 0; k < expectedSteps.Length; k++)
            {
                AssertClose(expectedSteps[k][0], steps.Records[k + 1].Parameters[0], $"{name} ({dtype}): w1 after step {k + 1}", stepTolerance);
                AssertClose(expectedSteps[k][1], steps.Records[k + 1].Parameters[1], $"{name} ({dtype}): w2 after step {k + 1}", stepTolerance);
            }

            var epochs = Train(settings, RecordEvery.Epoch, item.GetProperty("records").GetArrayLength() - 1);
            var records = item.GetProperty("records").EnumerateArray().Select(Reference.Doubles).ToArray();
            for (var e = 0; e < records.Length; e++)
            {
                AssertClose(records[e][0], epochs.Records[e].Parameters[0], $"{name} ({dtype}): w1 after epoch {e}", epochTolerance);
                AssertClose(records[e][1], epochs.Records[e].Parameters[1], $"{name} ({dtype}): w2 after epoch {e}", epochTolerance);
                AssertClose(records[e][2], epochs.Records[e].TestLoss, $"{name} ({dtype}): test loss after epoch {e}", epochTolerance * Math.Abs(records[e][2]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ClippingChangesThePath(string name)
    {
        // The references clip below the seed's gradient norms: without clipping the first epoch ends elsewhere (Adam's
        // and RMSprop's steps barely change when every gradient is scaled alike, so compare a whole epoch).
        var settings = Settings(Cases("float64").Single(c => c.GetProperty("name").GetString() == name));
        var clipped = Train(settings, RecordEvery.Epoch, epochs: 1).Records[1].Parameters;
        var free = Train(settings with { ClipGradNorm = null }, RecordEvery.Epoch, epochs: 1).Records[1].Parameters;
        Assert.True(Math.Abs(clipped[0] - free[0]) + Math.Abs(clipped[1] - free[1]) > 1e-3, $"{name}: clipping left the first epoch alone");
    }

    [Fact]
    public void ClipToNormScalesLongGradientsOnlyAsPyTorchDoes()
    {
        double[] gradient = [3, -4];
        Assert.Equal(5, GradientClipping.ClipToNorm(gradient, 1));
        Assert.Equal(3 / (5 + 1e-6), gradient[0], 15);
        Assert.Equal(-4 / (5 + 1e-6), gradient[1], 15);
        double[] shorter = [0.3, -0.4];
        GradientClipping.ClipToNorm(shorter, 1);
        Assert.Equal([0.3, -0.4], shorter);
        double[] zero = [0, 0];
        GradientClipping.ClipToNorm(zero, 1);
        Assert.Equal([0.0, 0.0], zero);
    }

    [Theory]
    [InlineData("0", "must be > 0 and at most 1e6 (got 0)")]
    [InlineData("-1", "must be > 0 and at most 1e6 (got -1)")]
    [InlineData("2e6", "must be > 0 and at most 1e6 (got 2000000)")]
    [InlineData("x", "'x' is not a finite number")]
    public void TheOptionIsParsedAndCheckedByTheCatalogue(string text, string message)
    {
        var values = new OptionValues(OptionCommands.Run);
        values.Set("clip-grad-norm", text);
        var e = Assert.Throws<InvalidOptionException>(values.ToOptimizerSettings);
        Assert.Equal("clip-grad-norm", e.Option);
        Assert.Equal(message, e.Message);

        values.Set("clip-grad-norm", "0.5");
        values.Set("optimizer", "adagrad");
        var settings = values.ToOptimizerSettings();
        Assert.Equal(0.5, settings.ClipGradNorm);
        Assert.Equal(0.5, settings.CreateOptimizer().MaxGradientNorm);
        Assert.True(OptionCatalogue.Get("clip-grad-norm").PerRun);
    }

    private static JsonElement[] Cases(string dtype) => [.. Reference.OptimizersClip.GetProperty(dtype).GetProperty("cases").EnumerateArray()];

    /// <summary>The case's PyTorch arguments as settings: the optimizer's as in optimizers.json, and the clipping norm.</summary>
    private static OptimizerSettings Settings(JsonElement item) =>
        OptimizerReferenceTests.Settings(item) with { ClipGradNorm = item.GetProperty("options").GetProperty("clip_grad_norm").GetDouble() };

    private static Trajectory Train(OptimizerSettings settings, RecordEvery record, int epochs)
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

    private static void AssertClose(double expected, double actual, string what, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3})");
}
