using LossLandscape.Cli.Infrastructure;
using LossLandscape.Optim;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// The optimizer and learning-rate options, shared by <c>run</c> and by every <c>compare --run</c> value.
/// Every value is optional text: an option left out takes PyTorch's default, and one the chosen optimizer or
/// schedule does not use is an error.
/// </summary>
public class TrainingSettings
{
    /// <summary>--optimizer.</summary>
    public string? Optimizer { get; set; }

    /// <summary>--lr.</summary>
    public string? LearningRate { get; set; }

    /// <summary>--momentum.</summary>
    public string? Momentum { get; set; }

    /// <summary>--dampening.</summary>
    public string? Dampening { get; set; }

    /// <summary>--nesterov.</summary>
    public bool Nesterov { get; set; }

    /// <summary>--weight-decay.</summary>
    public string? WeightDecay { get; set; }

    /// <summary>--beta1.</summary>
    public string? Beta1 { get; set; }

    /// <summary>--beta2.</summary>
    public string? Beta2 { get; set; }

    /// <summary>--eps.</summary>
    public string? Epsilon { get; set; }

    /// <summary>--amsgrad.</summary>
    public bool AmsGrad { get; set; }

    /// <summary>--alpha.</summary>
    public string? Alpha { get; set; }

    /// <summary>--centered.</summary>
    public bool Centered { get; set; }

    /// <summary>--lr-decay.</summary>
    public string? LearningRateDecay { get; set; }

    /// <summary>--initial-accumulator.</summary>
    public string? InitialAccumulator { get; set; }

    /// <summary>--schedule.</summary>
    public string? Schedule { get; set; }

    /// <summary>--step-size.</summary>
    public string? StepSize { get; set; }

    /// <summary>--gamma.</summary>
    public string? Gamma { get; set; }

    /// <summary>--t-max.</summary>
    public string? MaxEpochs { get; set; }

    /// <summary>--eta-min.</summary>
    public string? MinLearningRate { get; set; }

    /// <summary>The training options, in help order: the options every <c>compare --run</c> value may set.</summary>
    public static IReadOnlyList<SettingOption> TrainingOptions { get; } =
    [
        SettingOption.Value<TrainingSettings>("optimizer", "NAME", "Update rule with PyTorch's semantics: sgd|adam|adamw|rmsprop|adagrad (default sgd)", s => s.Optimizer, (s, v) => s.Optimizer = v),
        SettingOption.Value<TrainingSettings>("lr", "RATE", "Learning rate (> 0, <= 1e6; default PyTorch's: 0.001 for adam and adamw, else 0.01)", s => s.LearningRate, (s, v) => s.LearningRate = v),
        SettingOption.Value<TrainingSettings>("momentum", "M", "sgd, rmsprop: momentum factor (0 to 1e6, default 0)", s => s.Momentum, (s, v) => s.Momentum = v),
        SettingOption.Value<TrainingSettings>("dampening", "D", "sgd with momentum: dampening, 0 to 1 (default 0)", s => s.Dampening, (s, v) => s.Dampening = v),
        SettingOption.Flag<TrainingSettings>("nesterov", "sgd with momentum and no dampening: Nesterov momentum", s => s.Nesterov, (s, v) => s.Nesterov = v),
        SettingOption.Value<TrainingSettings>("weight-decay", "L", "L2 penalty added to the gradient (0 to 1e6, default 0); adamw: decoupled decay (default 0.01)", s => s.WeightDecay, (s, v) => s.WeightDecay = v),
        SettingOption.Value<TrainingSettings>("beta1", "B", "adam, adamw: decay of the gradient average, 0 <= B < 1 (default 0.9)", s => s.Beta1, (s, v) => s.Beta1 = v),
        SettingOption.Value<TrainingSettings>("beta2", "B", "adam, adamw: decay of the squared-gradient average, 0 <= B < 1 (default 0.999)", s => s.Beta2, (s, v) => s.Beta2 = v),
        SettingOption.Value<TrainingSettings>("eps", "E", "adam, adamw, rmsprop, adagrad: added to the denominator (0 to 1e6; default 1e-8, adagrad 1e-10)", s => s.Epsilon, (s, v) => s.Epsilon = v),
        SettingOption.Flag<TrainingSettings>("amsgrad", "adam, adamw: use the largest squared-gradient average so far (AMSGrad)", s => s.AmsGrad, (s, v) => s.AmsGrad = v),
        SettingOption.Value<TrainingSettings>("alpha", "A", "rmsprop: smoothing constant, 0 to 1 (default 0.99); --plane line: the α range START:STOP:STEP (default -0.5:1.5:0.01)", s => s.Alpha, (s, v) => s.Alpha = v),
        SettingOption.Flag<TrainingSettings>("centered", "rmsprop: normalize by the estimated variance of the gradient", s => s.Centered, (s, v) => s.Centered = v),
        SettingOption.Value<TrainingSettings>("lr-decay", "D", "adagrad: the rate at step t is lr / (1 + (t - 1) D) (0 to 1e6, default 0)", s => s.LearningRateDecay, (s, v) => s.LearningRateDecay = v),
        SettingOption.Value<TrainingSettings>("initial-accumulator", "V", "adagrad: starting sum of squared gradients (0 to 1e6, default 0)", s => s.InitialAccumulator, (s, v) => s.InitialAccumulator = v),
        SettingOption.Value<TrainingSettings>("schedule", "KIND", "Learning rate per epoch: constant|step|exponential|cosine (default constant)", s => s.Schedule, (s, v) => s.Schedule = v),
        SettingOption.Value<TrainingSettings>("step-size", "N", "step schedule: epochs between decays (>= 1, required)", s => s.StepSize, (s, v) => s.StepSize = v),
        SettingOption.Value<TrainingSettings>("gamma", "G", "step and exponential schedules: factor per decay (> 0, <= 1e6; step default 0.1, exponential required)", s => s.Gamma, (s, v) => s.Gamma = v),
        SettingOption.Value<TrainingSettings>("t-max", "N", "cosine schedule: epochs from lr down to --eta-min (>= 1, default --epochs)", s => s.MaxEpochs, (s, v) => s.MaxEpochs = v),
        SettingOption.Value<TrainingSettings>("eta-min", "RATE", "cosine schedule: the lowest learning rate (0 to 1e6, default 0)", s => s.MinLearningRate, (s, v) => s.MinLearningRate = v),
    ];

    /// <summary>The long names of the training options (without dashes), in help order.</summary>
    public static IReadOnlyList<string> OptionNames { get; } = TrainingOptions.Select(o => o.Name).ToArray();

    /// <summary>Every option of the command these settings belong to, in help order.</summary>
    public virtual IReadOnlyList<SettingOption> Options => TrainingOptions;

    /// <summary>Parses the training options; throws <see cref="UsageException"/> naming the first bad one.</summary>
    public OptimizerSettings ToOptimizerSettings()
    {
        var settings = new OptimizerSettings
        {
            Kind = Optimizer is null ? OptimizerKind.Sgd : Word<OptimizerKind>("--optimizer", Optimizer),
            LearningRate = Number("--lr", LearningRate),
            Momentum = Number("--momentum", Momentum),
            Dampening = Number("--dampening", Dampening),
            Nesterov = Nesterov,
            WeightDecay = Number("--weight-decay", WeightDecay),
            Beta1 = Number("--beta1", Beta1),
            Beta2 = Number("--beta2", Beta2),
            Epsilon = Number("--eps", Epsilon),
            AmsGrad = AmsGrad,
            Alpha = Alpha is not null && Alpha.Contains(':', StringComparison.Ordinal) ? null : Number("--alpha", Alpha),
            Centered = Centered,
            LearningRateDecay = Number("--lr-decay", LearningRateDecay),
            InitialAccumulator = Number("--initial-accumulator", InitialAccumulator),
            Schedule = Schedule is null ? ScheduleKind.Constant : Word<ScheduleKind>("--schedule", Schedule),
            StepSize = StepSize is null ? null : OptionValue.Int("--step-size", StepSize),
            Gamma = Number("--gamma", Gamma),
            MaxEpochs = MaxEpochs is null ? null : OptionValue.Int("--t-max", MaxEpochs),
            MinLearningRate = Number("--eta-min", MinLearningRate),
        };
        try
        {
            settings.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new UsageException(LandscapeOutput.Describe(e));
        }

        return settings;
    }

    /// <summary>The training option named <paramref name="name"/> (long name without dashes), or null.</summary>
    public static SettingOption? TrainingOption(string name) => TrainingOptions.FirstOrDefault(o => o.Name == name);

    /// <summary>A copy of the training options of <paramref name="source"/>.</summary>
    public static TrainingSettings CopyOf(TrainingSettings source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = new TrainingSettings();
        foreach (var option in TrainingOptions)
        {
            option.Set(copy, option.Get(source));
        }

        return copy;
    }

    private static double? Number(string option, string? text) => text is null ? null : OptionValue.Double(option, text);

    private static TEnum Word<TEnum>(string option, string text)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(value.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        var words = string.Join('|', Enum.GetValues<TEnum>().Select(v => v.ToString().ToLowerInvariant()));
        throw new UsageException($"{option}: '{text}' is not allowed; use one of {words}");
    }
}
