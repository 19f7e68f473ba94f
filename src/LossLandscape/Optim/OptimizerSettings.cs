using System.Globalization;

namespace LossLandscape.Optim;

/// <summary>
/// Which optimizer and schedule to build, with PyTorch's defaults for every value left null. A value the chosen
/// optimizer or schedule does not use is an error, never silently ignored.
/// </summary>
public sealed record OptimizerSettings
{
    /// <summary>The update rule.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Sgd;

    /// <summary>The base learning rate; null for the optimizer's default (<see cref="DefaultLearningRate"/>).</summary>
    public double? LearningRate { get; init; }

    /// <summary>SGD and RMSprop: momentum factor (default 0).</summary>
    public double? Momentum { get; init; }

    /// <summary>SGD: dampening of the momentum (default 0).</summary>
    public double? Dampening { get; init; }

    /// <summary>SGD: Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 penalty (AdamW: decoupled decay; default 0.01 for AdamW, else 0).</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Adam and AdamW: decay of the first moment (default 0.9).</summary>
    public double? Beta1 { get; init; }

    /// <summary>Adam and AdamW: decay of the second moment (default 0.999).</summary>
    public double? Beta2 { get; init; }

    /// <summary>Adam, AdamW, RMSprop, Adagrad: term added to the denominator (default 1e-8; Adagrad 1e-10).</summary>
    public double? Epsilon { get; init; }

    /// <summary>Adam and AdamW: AMSGrad.</summary>
    public bool AmsGrad { get; init; }

    /// <summary>RMSprop: smoothing constant (default 0.99).</summary>
    public double? Alpha { get; init; }

    /// <summary>RMSprop: centered variant.</summary>
    public bool Centered { get; init; }

    /// <summary>Adagrad: learning-rate decay per step (default 0).</summary>
    public double? LearningRateDecay { get; init; }

    /// <summary>Adagrad: initial value of the accumulator (default 0).</summary>
    public double? InitialAccumulator { get; init; }

    /// <summary>Every optimizer: the largest L2 norm of the whole gradient before each step (PyTorch's clip_grad_norm_); null for none.</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    /// <summary>Step schedule: epochs between decays (required).</summary>
    public int? StepSize { get; init; }

    /// <summary>Step and exponential schedules: factor per decay (step: default 0.1; exponential: required).</summary>
    public double? Gamma { get; init; }

    /// <summary>Cosine schedule: epochs from the base rate to the minimum (default: the number of epochs).</summary>
    public int? MaxEpochs { get; init; }

    /// <summary>Cosine schedule: the minimum rate (default 0).</summary>
    public double? MinLearningRate { get; init; }

    /// <summary>The learning rate in force: the given one or the optimizer's default.</summary>
    public double EffectiveLearningRate => LearningRate ?? DefaultLearningRate(Kind);

    /// <summary>
    /// PyTorch's default learning rate of each optimizer; SGD has none in PyTorch and gets the seed article's 0.01.
    /// </summary>
    public static double DefaultLearningRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Adam or OptimizerKind.AdamW => 1e-3,
        _ => 1e-2,
    };

    /// <summary>The name PyTorch gives an optimizer, e.g. <c>RMSprop</c>.</summary>
    public static string DisplayName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => "SGD",
        OptimizerKind.RmsProp => "RMSprop",
        _ => kind.ToString(),
    };

    /// <summary>The command-line word of an optimizer, e.g. <c>rmsprop</c>.</summary>
    public static string Word(OptimizerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The command-line word of a schedule, e.g. <c>cosine</c>.</summary>
    public static string Word(ScheduleKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// Throws <see cref="InvalidOptionException"/> naming the first option that is out of range, not used by the chosen
    /// optimizer or schedule, or inconsistent with another.
    /// </summary>
    public void Validate()
    {
        if (LearningRate is { } rate && !(rate > 0 && rate <= Limits.MaxLearningRate))
        {
            throw new InvalidOptionException("lr", $"must be > 0 and at most {Limits.Text(Limits.MaxLearningRate)} (got {rate.ToString("R", CultureInfo.InvariantCulture)})");
        }

        if (ClipGradNorm is { } clip && !(clip > 0 && clip <= Limits.MaxOptimizerConstant))
        {
            throw new InvalidOptionException("clip-grad-norm", $"must be > 0 and at most {Limits.Text(Limits.MaxOptimizerConstant)} (got {clip.ToString("R", CultureInfo.InvariantCulture)})");
        }

        var name = Word(Kind);
        Unused("momentum", Momentum is not null, Kind is OptimizerKind.Sgd or OptimizerKind.RmsProp, $"«optimizer» {name}", "sgd and rmsprop");
        Unused("dampening", Dampening is not null, Kind is OptimizerKind.Sgd, $"«optimizer» {name}", "sgd");
        Unused("nesterov", Nesterov, Kind is OptimizerKind.Sgd, $"«optimizer» {name}", "sgd");
        Unused("beta1", Beta1 is not null, Kind is OptimizerKind.Adam or OptimizerKind.AdamW, $"«optimizer» {name}", "adam and adamw");
        Unused("beta2", Beta2 is not null, Kind is OptimizerKind.Adam or OptimizerKind.AdamW, $"«optimizer» {name}", "adam and adamw");
        Unused("amsgrad", AmsGrad, Kind is OptimizerKind.Adam or OptimizerKind.AdamW, $"«optimizer» {name}", "adam and adamw");
        Unused("eps", Epsilon is not null, Kind is not OptimizerKind.Sgd, $"«optimizer» {name}", "adam, adamw, rmsprop and adagrad");
        Unused("rmsprop-alpha", Alpha is not null, Kind is OptimizerKind.RmsProp, $"«optimizer» {name}", "rmsprop");
        Unused("centered", Centered, Kind is OptimizerKind.RmsProp, $"«optimizer» {name}", "rmsprop");
        Unused("lr-decay", LearningRateDecay is not null, Kind is OptimizerKind.Adagrad, $"«optimizer» {name}", "adagrad");
        Unused("initial-accumulator", InitialAccumulator is not null, Kind is OptimizerKind.Adagrad, $"«optimizer» {name}", "adagrad");

        var schedule = $"«schedule» {Word(Schedule)}";
        Unused("step-size", StepSize is not null, Schedule is ScheduleKind.Step, schedule, "«schedule» step");
        Unused("gamma", Gamma is not null, Schedule is ScheduleKind.Step or ScheduleKind.Exponential, schedule, "«schedule» step and exponential");
        Unused("t-max", MaxEpochs is not null, Schedule is ScheduleKind.Cosine, schedule, "«schedule» cosine");
        Unused("eta-min", MinLearningRate is not null, Schedule is ScheduleKind.Cosine, schedule, "«schedule» cosine");

        if (Kind == OptimizerKind.Sgd && Dampening is not null && (Momentum ?? 0) == 0)
        {
            throw new InvalidOptionException("dampening", "has no effect without «momentum» > 0");
        }

        if (Kind == OptimizerKind.Sgd && Nesterov && (Momentum ?? 0) <= 0)
        {
            throw new InvalidOptionException("nesterov", "needs «momentum» > 0");
        }

        // Building the optimizer and schedule checks every range with the same messages.
        _ = CreateOptimizer();
        _ = CreateSchedule(Math.Max(MaxEpochs ?? 1, 1));
        if (Schedule == ScheduleKind.Step && StepSize is null)
        {
            throw new InvalidOptionException("schedule", "step needs «step-size» (epochs between decays)");
        }

        if (Schedule == ScheduleKind.Exponential && Gamma is null)
        {
            throw new InvalidOptionException("schedule", "exponential needs «gamma» (the factor per epoch)");
        }
    }

    /// <summary>A fresh optimizer.</summary>
    public IOptimizer CreateOptimizer() => Kind switch
    {
        OptimizerKind.Sgd => new Sgd(Momentum ?? 0, Dampening ?? 0, Nesterov, WeightDecay ?? 0) { MaxGradientNorm = ClipGradNorm },
        OptimizerKind.Adam => new Adam(Beta1 ?? 0.9, Beta2 ?? 0.999, Epsilon ?? 1e-8, WeightDecay ?? 0, AmsGrad) { MaxGradientNorm = ClipGradNorm },
        OptimizerKind.AdamW => new Adam(Beta1 ?? 0.9, Beta2 ?? 0.999, Epsilon ?? 1e-8, WeightDecay ?? 1e-2, AmsGrad, decoupled: true) { MaxGradientNorm = ClipGradNorm },
        OptimizerKind.RmsProp => new RmsProp(Alpha ?? 0.99, Epsilon ?? 1e-8, WeightDecay ?? 0, Momentum ?? 0, Centered) { MaxGradientNorm = ClipGradNorm },
        OptimizerKind.Adagrad => new Adagrad(LearningRateDecay ?? 0, InitialAccumulator ?? 0, Epsilon ?? 1e-10, WeightDecay ?? 0) { MaxGradientNorm = ClipGradNorm },
        _ => throw new InvalidOptionException("optimizer", $"unknown optimizer {Kind}"),
    };

    /// <summary>The learning-rate schedule for a run of <paramref name="epochs"/> epochs (the cosine's default T max).</summary>
    public ILearningRateSchedule CreateSchedule(int epochs)
    {
        var rate = EffectiveLearningRate;
        switch (Schedule)
        {
            case ScheduleKind.Constant:
                return new ConstantSchedule(rate);
            case ScheduleKind.Step:
                var size = StepSize ?? 1;
                if (size < 1)
                {
                    throw new InvalidOptionException("step-size", $"must be a whole number >= 1 (got {size})");
                }

                return new StepSchedule(rate, size, CheckedGamma(Gamma ?? 0.1));
            case ScheduleKind.Exponential:
                return new ExponentialSchedule(rate, CheckedGamma(Gamma ?? 1));
            case ScheduleKind.Cosine:
                var maxEpochs = MaxEpochs ?? Math.Max(epochs, 1);
                if (maxEpochs < 1)
                {
                    throw new InvalidOptionException("t-max", $"must be a whole number >= 1 (got {maxEpochs})");
                }

                var min = MinLearningRate ?? 0;
                OptimizerChecks.Between("eta-min", min, 0, Limits.MaxLearningRate);
                return new CosineSchedule(rate, maxEpochs, min);
            default:
                throw new InvalidOptionException("schedule", $"unknown schedule {Schedule}");
        }
    }

    /// <summary>Every value in force (defaults filled in), keyed by option name, for run.json and legends.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Describe(int epochs)
    {
        var values = new List<KeyValuePair<string, object>>
        {
            new("optimizer", Word(Kind)),
            new("lr", EffectiveLearningRate),
        };
        switch (CreateOptimizer())
        {
            case Sgd sgd:
                values.Add(new("momentum", sgd.Momentum));
                values.Add(new("dampening", sgd.Dampening));
                values.Add(new("nesterov", sgd.Nesterov));
                values.Add(new("weight-decay", sgd.WeightDecay));
                break;
            case Adam adam:
                values.Add(new("beta1", adam.Beta1));
                values.Add(new("beta2", adam.Beta2));
                values.Add(new("eps", adam.Epsilon));
                values.Add(new("weight-decay", adam.WeightDecay));
                values.Add(new("amsgrad", adam.AmsGrad));
                break;
            case RmsProp rms:
                values.Add(new("alpha", rms.Alpha));
                values.Add(new("eps", rms.Epsilon));
                values.Add(new("weight-decay", rms.WeightDecay));
                values.Add(new("momentum", rms.Momentum));
                values.Add(new("centered", rms.Centered));
                break;
            case Adagrad adagrad:
                values.Add(new("lr-decay", adagrad.LearningRateDecay));
                values.Add(new("initial-accumulator", adagrad.InitialAccumulator));
                values.Add(new("eps", adagrad.Epsilon));
                values.Add(new("weight-decay", adagrad.WeightDecay));
                break;
        }

        if (ClipGradNorm is { } clip)
        {
            values.Add(new("clip-grad-norm", clip));
        }

        values.Add(new("schedule", Word(Schedule)));
        switch (CreateSchedule(epochs))
        {
            case StepSchedule step:
                values.Add(new("step-size", step.StepSize));
                values.Add(new("gamma", step.Gamma));
                break;
            case ExponentialSchedule exponential:
                values.Add(new("gamma", exponential.Gamma));
                break;
            case CosineSchedule cosine:
                values.Add(new("t-max", cosine.MaxEpochs));
                values.Add(new("eta-min", cosine.MinLearningRate));
                break;
        }

        return values;
    }

    private static void Unused(string option, bool given, bool used, string chosen, string usedBy)
    {
        if (given && !used)
        {
            throw new InvalidOptionException(option, $"is not used by {chosen} (it applies to {usedBy})");
        }
    }

    private static double CheckedGamma(double gamma)
    {
        OptimizerChecks.AboveZero("gamma", gamma);
        return gamma;
    }
}
