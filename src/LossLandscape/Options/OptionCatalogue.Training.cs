using LossLandscape.Optim;
using LossLandscape.Training;

namespace LossLandscape.Options;

/// <summary>The training options: the passes over the data, and the optimizer's, which each <c>compare --run</c> may set.</summary>
public static partial class OptionCatalogue
{
    private static IEnumerable<OptionDefinition> TrainingOptions() =>
    [
        Integer("epochs", "N", OptionGroup.Training, "Passes over the training set (0 to 99999)") with { Default = "25", Unit = "epochs" },
        Text("batch-size", "N", OptionGroup.Training, "Minibatch size (1 to the training set size), or full: every step on the whole training set (gradient descent)") with
        {
            Default = "32",
            Parse = text => string.Equals(text.Trim(), "full", StringComparison.OrdinalIgnoreCase) ? BatchSize.Full : new BatchSize(OptionParse.Int("batch-size", text), false),
        },
        Flag("no-shuffle", OptionGroup.Training, "Keep the split's order every epoch (matches PyTorch without shuffling)"),
        Seed("shuffle-seed", OptionGroup.Training, "Seed of the generator that shuffles the training set each epoch") with { DefaultHelp = "«seed»" },
        Word("record", "WHEN", OptionGroup.Training, "Record after every epoch or every step: epochs|steps (at most 100000 records)", ("epochs", RecordEvery.Epoch), ("steps", RecordEvery.Step)) with { Default = "epochs" },
        new OptionDefinition
        {
            Name = "run",
            Kind = OptionKind.List,
            ValueName = "SPEC",
            Group = OptionGroup.Training,
            Commands = OptionCommands.Compare,
            Help = "One contestant: an optimizer and its training options, e.g. \"adam --lr 0.05\" or \"sgd --momentum 0.9 label=heavy-ball\"; repeat for each. Training options given outside «run» apply to every run that does not set them",
            DefaultHelp = "the five optimizers (sgd 0.01, adam 0.01, adamw 0.01 with weight decay 0.1, rmsprop 0.001, adagrad 0.1)",
        },
        Word("optimizer", "NAME", OptionGroup.Training, "Update rule with PyTorch's semantics: sgd|adam|adamw|rmsprop|adagrad", Enum.GetValues<OptimizerKind>().Select(k => (OptimizerSettings.Word(k), k)).ToArray()).To((s, v) => s with { Kind = (OptimizerKind)v }) with { DefaultHelp = "sgd" },
        Number("lr", "RATE", OptionGroup.Training, "Learning rate (> 0, <= 1e6)").To((s, v) => s with { LearningRate = (double)v }) with { DefaultHelp = "PyTorch's: 0.001 for adam and adamw, else 0.01" },
        Number("momentum", "M", OptionGroup.Training, "sgd, rmsprop: momentum factor (0 to 1e6)").To((s, v) => s with { Momentum = (double)v }) with { DefaultHelp = "0" },
        Number("dampening", "D", OptionGroup.Training, "sgd with momentum: dampening, 0 to 1").To((s, v) => s with { Dampening = (double)v }) with { DefaultHelp = "0", Needs = ["momentum"] },
        Flag("nesterov", OptionGroup.Training, "sgd with momentum and no dampening: Nesterov momentum").To((s, _) => s with { Nesterov = true }) with { Needs = ["momentum"] },
        Number("weight-decay", "L", OptionGroup.Training, "L2 penalty added to the gradient (0 to 1e6); adamw: decoupled decay").To((s, v) => s with { WeightDecay = (double)v }) with { DefaultHelp = "0; adamw 0.01" },
        Number("beta1", "B", OptionGroup.Training, "adam, adamw: decay of the gradient average, 0 <= B < 1").To((s, v) => s with { Beta1 = (double)v }) with { DefaultHelp = "0.9" },
        Number("beta2", "B", OptionGroup.Training, "adam, adamw: decay of the squared-gradient average, 0 <= B < 1").To((s, v) => s with { Beta2 = (double)v }) with { DefaultHelp = "0.999" },
        Number("eps", "E", OptionGroup.Training, "adam, adamw, rmsprop, adagrad: added to the denominator (0 to 1e6)").To((s, v) => s with { Epsilon = (double)v }) with { DefaultHelp = "1e-8; adagrad 1e-10" },
        Flag("amsgrad", OptionGroup.Training, "adam, adamw: use the largest squared-gradient average so far (AMSGrad)").To((s, _) => s with { AmsGrad = true }),
        Number("rmsprop-alpha", "A", OptionGroup.Training, "rmsprop: smoothing constant α of the squared-gradient average (PyTorch's alpha), 0 to 1").To((s, v) => s with { Alpha = (double)v }) with { DefaultHelp = "0.99" },
        Flag("centered", OptionGroup.Training, "rmsprop: normalize by the estimated variance of the gradient").To((s, _) => s with { Centered = true }),
        Number("lr-decay", "D", OptionGroup.Training, "adagrad: the rate at step t is lr / (1 + (t - 1) D) (0 to 1e6)").To((s, v) => s with { LearningRateDecay = (double)v }) with { DefaultHelp = "0" },
        Number("initial-accumulator", "V", OptionGroup.Training, "adagrad: starting sum of squared gradients (0 to 1e6)").To((s, v) => s with { InitialAccumulator = (double)v }) with { DefaultHelp = "0" },
        Number("clip-grad-norm", "MAX", OptionGroup.Training, "Every optimizer: scale the whole gradient down to this L2 norm before each step when it is longer, as torch.nn.utils.clip_grad_norm_ (> 0, <= 1e6)").To((s, v) => s with { ClipGradNorm = (double)v }) with { DefaultHelp = "no clipping" },
        Word("schedule", "KIND", OptionGroup.Training, "Learning rate per epoch: constant|step|exponential|cosine", Enum.GetValues<ScheduleKind>().Select(k => (OptimizerSettings.Word(k), k)).ToArray()).To((s, v) => s with { Schedule = (ScheduleKind)v }) with { DefaultHelp = "constant" },
        Integer("step-size", "N", OptionGroup.Training, "step schedule: epochs between decays (>= 1, required)").To((s, v) => s with { StepSize = (int)v }) with { Unit = "epochs", Needs = ["schedule"] },
        Number("gamma", "G", OptionGroup.Training, "step and exponential schedules: factor per decay (> 0, <= 1e6; exponential: required)").To((s, v) => s with { Gamma = (double)v }) with { DefaultHelp = "step 0.1", Needs = ["schedule"] },
        Integer("t-max", "N", OptionGroup.Training, "cosine schedule: epochs from lr down to «eta-min» (>= 1)").To((s, v) => s with { MaxEpochs = (int)v }) with { DefaultHelp = "«epochs»", Unit = "epochs", Needs = ["schedule"] },
        Number("eta-min", "RATE", OptionGroup.Training, "cosine schedule: the lowest learning rate (0 to 1e6)").To((s, v) => s with { MinLearningRate = (double)v }) with { DefaultHelp = "0", Needs = ["schedule"] },
    ];

    /// <summary>This option applying its parsed value to the optimizer's settings by <paramref name="apply"/>.</summary>
    private static OptionDefinition To(this OptionDefinition option, Func<OptimizerSettings, object, OptimizerSettings> apply) => option with { ApplyToOptimizer = apply };
}

/// <summary>A parsed <c>--batch-size</c>: a size, or every step on the whole training set.</summary>
/// <param name="Size">The minibatch size (unused when <paramref name="IsFull"/>).</param>
/// <param name="IsFull">True for <c>full</c>: every step on the whole training set.</param>
public readonly record struct BatchSize(int Size, bool IsFull)
{
    /// <summary>Every step on the whole training set.</summary>
    public static BatchSize Full => new(0, true);
}
