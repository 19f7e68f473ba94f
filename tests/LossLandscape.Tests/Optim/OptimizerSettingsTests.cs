using LossLandscape.Optim;

namespace LossLandscape.Tests.Optim;

public sealed class OptimizerSettingsTests
{
    public static TheoryData<OptimizerSettings, string, string> BadCombinations() => new()
    {
        { new OptimizerSettings { Nesterov = true }, "nesterov", "needs --momentum > 0" },
        { new OptimizerSettings { Momentum = 0.9, Dampening = 0.1, Nesterov = true }, "nesterov", "needs --dampening 0" },
        { new OptimizerSettings { Dampening = 0.5 }, "dampening", "has no effect without --momentum > 0" },
        { new OptimizerSettings { Kind = OptimizerKind.Adam, Beta1 = 1 }, "beta1", "must be >= 0 and < 1 (got 1)" },
        { new OptimizerSettings { Kind = OptimizerKind.AdamW, Beta2 = -0.1 }, "beta2", "must be >= 0 and < 1 (got -0.1)" },
        { new OptimizerSettings { AmsGrad = true }, "amsgrad", "is not used by --optimizer sgd (it applies to adam and adamw)" },
        { new OptimizerSettings { Kind = OptimizerKind.Adam, Momentum = 0.9 }, "momentum", "is not used by --optimizer adam (it applies to sgd and rmsprop)" },
        { new OptimizerSettings { Epsilon = 1e-8 }, "eps", "is not used by --optimizer sgd (it applies to adam, adamw, rmsprop and adagrad)" },
        { new OptimizerSettings { Kind = OptimizerKind.RmsProp, Alpha = 1.5 }, "rmsprop-alpha", "must be between 0 and 1 (got 1.5)" },
        { new OptimizerSettings { Kind = OptimizerKind.Adagrad, LearningRateDecay = -1 }, "lr-decay", "must be between 0 and 1e6 (got -1)" },
        { new OptimizerSettings { Kind = OptimizerKind.Adagrad, Centered = true }, "centered", "is not used by --optimizer adagrad (it applies to rmsprop)" },
        { new OptimizerSettings { WeightDecay = -0.1 }, "weight-decay", "must be between 0 and 1e6 (got -0.1)" },
        { new OptimizerSettings { LearningRate = 0 }, "lr", "must be > 0 and at most 1e6 (got 0)" },
        { new OptimizerSettings { Schedule = ScheduleKind.Step, StepSize = 2, Gamma = -0.5 }, "gamma", "must be > 0 and at most 1e6 (got -0.5)" },
        { new OptimizerSettings { Schedule = ScheduleKind.Step }, "schedule", "step needs --step-size (epochs between decays)" },
        { new OptimizerSettings { Schedule = ScheduleKind.Step, StepSize = 0 }, "step-size", "must be a whole number >= 1 (got 0)" },
        { new OptimizerSettings { Schedule = ScheduleKind.Exponential }, "schedule", "exponential needs --gamma (the factor per epoch)" },
        { new OptimizerSettings { Gamma = 0.5 }, "gamma", "is not used by --schedule constant (it applies to --schedule step and exponential)" },
        { new OptimizerSettings { Schedule = ScheduleKind.Exponential, Gamma = 0.5, MaxEpochs = 3 }, "t-max", "is not used by --schedule exponential (it applies to --schedule cosine)" },
        { new OptimizerSettings { Schedule = ScheduleKind.Cosine, MaxEpochs = 0 }, "t-max", "must be a whole number >= 1 (got 0)" },
        { new OptimizerSettings { Schedule = ScheduleKind.Cosine, MinLearningRate = -1 }, "eta-min", "must be between 0 and 1e6 (got -1)" },
    };

    [Theory]
    [MemberData(nameof(BadCombinations))]
    public void BadCombinationsNameTheOption(OptimizerSettings settings, string option, string message)
    {
        var error = Assert.Throws<InvalidOptionException>(settings.Validate);
        Assert.Equal(option, error.Option);
        // The core marks the options it names («momentum»); the command line spells them as flags.
        Assert.Equal(message, error.MessageFor(name => "--" + name));
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.01)]
    [InlineData(OptimizerKind.Adam, 0.001)]
    [InlineData(OptimizerKind.AdamW, 0.001)]
    [InlineData(OptimizerKind.RmsProp, 0.01)]
    [InlineData(OptimizerKind.Adagrad, 0.01)]
    public void TheLearningRateDefaultsToPyTorchs(OptimizerKind kind, double rate)
    {
        var settings = new OptimizerSettings { Kind = kind };
        settings.Validate();
        Assert.Equal(rate, settings.EffectiveLearningRate);
        Assert.Equal(rate, settings.CreateSchedule(10).LearningRate(7));
    }

    [Fact]
    public void AdamWDecaysWeightsByDefaultAndAdamDoesNot()
    {
        Assert.Equal(0.01, Assert.IsType<Adam>(new OptimizerSettings { Kind = OptimizerKind.AdamW }.CreateOptimizer()).WeightDecay);
        Assert.Equal(0, Assert.IsType<Adam>(new OptimizerSettings { Kind = OptimizerKind.Adam }.CreateOptimizer()).WeightDecay);
    }

    [Fact]
    public void CosineAnnealsOverTheRunByDefaultAndClimbsBackPastTMaxAsPyTorch()
    {
        var schedule = new OptimizerSettings { LearningRate = 0.1, Schedule = ScheduleKind.Cosine, MinLearningRate = 0.02 }.CreateSchedule(4);
        Assert.Equal(0.1, schedule.LearningRate(0), 15);
        Assert.Equal(0.06, schedule.LearningRate(2), 15);
        Assert.Equal(0.02, schedule.LearningRate(4), 15);
        Assert.Equal(0.06, schedule.LearningRate(6), 15);
        Assert.Equal(0.1, schedule.LearningRate(8), 15);
    }

    [Fact]
    public void StepScheduleDecaysEveryStepSizeEpochs()
    {
        var schedule = new OptimizerSettings { LearningRate = 0.8, Schedule = ScheduleKind.Step, StepSize = 3 }.CreateSchedule(10);
        Assert.Equal([0.8, 0.8, 0.8, 0.08, 0.08, 0.08, 0.008], Enumerable.Range(0, 7).Select(e => Math.Round(schedule.LearningRate(e), 12)));
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Adagrad)]
    public void StepsAllocateNothingAfterTheFirst(OptimizerKind kind)
    {
        var settings = new OptimizerSettings
        {
            Kind = kind,
            Momentum = kind is OptimizerKind.Sgd or OptimizerKind.RmsProp ? 0.9 : null,
            Centered = kind is OptimizerKind.RmsProp,
            AmsGrad = kind is OptimizerKind.Adam,
        };
        var optimizer = settings.CreateOptimizer();
        var theta = new double[64];
        var gradient = Enumerable.Range(0, 64).Select(i => Math.Sin(i + 0.5)).ToArray();
        optimizer.Step(theta, gradient, 0.01);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            optimizer.Step(theta, gradient, 0.01);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(theta, t => Assert.True(t != 0 && double.IsFinite(t)));
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Adagrad)]
    public void ResetRestartsFromAFreshState(OptimizerKind kind)
    {
        var settings = new OptimizerSettings { Kind = kind, Momentum = kind is OptimizerKind.Sgd or OptimizerKind.RmsProp ? 0.5 : null };
        var used = settings.CreateOptimizer();
        var scratch = new double[] { 1, 2 };
        used.Step(scratch, [0.3, -0.7], 0.1);
        used.Step(scratch, [0.2, 0.9], 0.1);
        used.Reset();
        double[] a = [0.5, -0.5], b = [0.5, -0.5];
        used.Step(a, [0.4, 0.1], 0.1);
        settings.CreateOptimizer().Step(b, [0.4, 0.1], 0.1);
        Assert.Equal(b, a);
        Assert.NotEqual(0.5, a[0]);
    }
}
