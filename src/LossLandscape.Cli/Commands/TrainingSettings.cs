using System.ComponentModel;
using System.Reflection;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Optim;
using Spectre.Console.Cli;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// The optimizer and learning-rate options, shared by <c>run</c> and by every <c>compare --run</c> value.
/// Every value is optional text: an option left out takes PyTorch's default, and one the chosen optimizer or
/// schedule does not use is an error.
/// </summary>
public class TrainingSettings : CommandSettings
{
    /// <summary>--optimizer.</summary>
    [CommandOption("--optimizer <NAME>")]
    [Description("Update rule with PyTorch's semantics: sgd|adam|adamw|rmsprop|adagrad (default sgd)")]
    public string? Optimizer { get; set; }

    /// <summary>--lr.</summary>
    [CommandOption("--lr <RATE>")]
    [Description("Learning rate (> 0, <= 1e6; default PyTorch's: 0.001 for adam and adamw, else 0.01)")]
    public string? LearningRate { get; set; }

    /// <summary>--momentum.</summary>
    [CommandOption("--momentum <M>")]
    [Description("sgd, rmsprop: momentum factor (0 to 1e6, default 0)")]
    public string? Momentum { get; set; }

    /// <summary>--dampening.</summary>
    [CommandOption("--dampening <D>")]
    [Description("sgd with momentum: dampening, 0 to 1 (default 0)")]
    public string? Dampening { get; set; }

    /// <summary>--nesterov.</summary>
    [CommandOption("--nesterov")]
    [Description("sgd with momentum and no dampening: Nesterov momentum")]
    public bool Nesterov { get; set; }

    /// <summary>--weight-decay.</summary>
    [CommandOption("--weight-decay <L>")]
    [Description("L2 penalty added to the gradient (0 to 1e6, default 0); adamw: decoupled decay (default 0.01)")]
    public string? WeightDecay { get; set; }

    /// <summary>--beta1.</summary>
    [CommandOption("--beta1 <B>")]
    [Description("adam, adamw: decay of the gradient average, 0 <= B < 1 (default 0.9)")]
    public string? Beta1 { get; set; }

    /// <summary>--beta2.</summary>
    [CommandOption("--beta2 <B>")]
    [Description("adam, adamw: decay of the squared-gradient average, 0 <= B < 1 (default 0.999)")]
    public string? Beta2 { get; set; }

    /// <summary>--eps.</summary>
    [CommandOption("--eps <E>")]
    [Description("adam, adamw, rmsprop, adagrad: added to the denominator (0 to 1e6; default 1e-8, adagrad 1e-10)")]
    public string? Epsilon { get; set; }

    /// <summary>--amsgrad.</summary>
    [CommandOption("--amsgrad")]
    [Description("adam, adamw: use the largest squared-gradient average so far (AMSGrad)")]
    public bool AmsGrad { get; set; }

    /// <summary>--alpha.</summary>
    [CommandOption("--alpha <A>")]
    [Description("rmsprop: smoothing constant, 0 to 1 (default 0.99)")]
    public string? Alpha { get; set; }

    /// <summary>--centered.</summary>
    [CommandOption("--centered")]
    [Description("rmsprop: normalize by the estimated variance of the gradient")]
    public bool Centered { get; set; }

    /// <summary>--lr-decay.</summary>
    [CommandOption("--lr-decay <D>")]
    [Description("adagrad: the rate at step t is lr / (1 + (t - 1) D) (0 to 1e6, default 0)")]
    public string? LearningRateDecay { get; set; }

    /// <summary>--initial-accumulator.</summary>
    [CommandOption("--initial-accumulator <V>")]
    [Description("adagrad: starting sum of squared gradients (0 to 1e6, default 0)")]
    public string? InitialAccumulator { get; set; }

    /// <summary>--schedule.</summary>
    [CommandOption("--schedule <KIND>")]
    [Description("Learning rate per epoch: constant|step|exponential|cosine (default constant)")]
    public string? Schedule { get; set; }

    /// <summary>--step-size.</summary>
    [CommandOption("--step-size <N>")]
    [Description("step schedule: epochs between decays (>= 1, required)")]
    public string? StepSize { get; set; }

    /// <summary>--gamma.</summary>
    [CommandOption("--gamma <G>")]
    [Description("step and exponential schedules: factor per decay (> 0, <= 1e6; step default 0.1, exponential required)")]
    public string? Gamma { get; set; }

    /// <summary>--t-max.</summary>
    [CommandOption("--t-max <N>")]
    [Description("cosine schedule: epochs from lr down to --eta-min (>= 1, default --epochs)")]
    public string? MaxEpochs { get; set; }

    /// <summary>--eta-min.</summary>
    [CommandOption("--eta-min <RATE>")]
    [Description("cosine schedule: the lowest learning rate (0 to 1e6, default 0)")]
    public string? MinLearningRate { get; set; }

    /// <summary>The long names of the training options (without dashes), in declaration order.</summary>
    public static IReadOnlyList<string> OptionNames { get; } = TrainingProperties().Select(p => p.Name).ToArray();

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
            Alpha = Number("--alpha", Alpha),
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
            throw new UsageException($"--{e.Option}: {e.Message}");
        }

        return settings;
    }

    /// <summary>Sets the training option <paramref name="name"/> (long name without dashes); flags take no value.</summary>
    /// <returns>False when <paramref name="name"/> is not a training option.</returns>
    public bool TrySet(string name, string? value)
    {
        var property = TrainingProperties().FirstOrDefault(p => p.Name == name).Property;
        if (property is null)
        {
            return false;
        }

        if (property.PropertyType == typeof(bool))
        {
            property.SetValue(this, true);
        }
        else
        {
            property.SetValue(this, value);
        }

        return true;
    }

    /// <summary>True when the training option <paramref name="name"/> is a flag (takes no value).</summary>
    public static bool IsFlag(string name) => TrainingProperties().Any(p => p.Name == name && p.Property.PropertyType == typeof(bool));

    /// <summary>A copy of the training options of <paramref name="source"/>.</summary>
    public static TrainingSettings CopyOf(TrainingSettings source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = new TrainingSettings();
        foreach (var (_, property) in TrainingProperties())
        {
            property.SetValue(copy, property.GetValue(source));
        }

        return copy;
    }

    /// <summary>The options given (not null, flags set), as command-line text, e.g. <c>--optimizer adam --lr 0.05</c>.</summary>
    public string GivenText()
    {
        var parts = new List<string>();
        foreach (var (name, property) in TrainingProperties())
        {
            switch (property.GetValue(this))
            {
                case true:
                    parts.Add($"--{name}");
                    break;
                case string text:
                    parts.Add($"--{name} {text}");
                    break;
            }
        }

        return string.Join(' ', parts);
    }

    private static IEnumerable<(string Name, PropertyInfo Property)> TrainingProperties() =>
        typeof(TrainingSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => (Attribute: p.GetCustomAttribute<CommandOptionAttribute>(), Property: p))
            .Where(p => p.Attribute is not null)
            .Select(p => (p.Attribute!.LongNames[0], p.Property));

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
