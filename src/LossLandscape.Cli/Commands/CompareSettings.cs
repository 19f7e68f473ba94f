using LossLandscape.Cli.Infrastructure;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// Options of <c>losslandscape compare</c>: the shared options of <c>run</c> (data, grid, epochs, batch size, start,
/// seeds, shuffling, output) given once, and one <c>--run</c> per contestant with its training options. Training
/// options given outside <c>--run</c> apply to every run that does not set them itself.
/// </summary>
public sealed class CompareSettings : RunSettings
{
    /// <summary>The race when no --run is given: the five optimizers at their usual learning rates.</summary>
    public static readonly IReadOnlyList<string> DefaultRuns =
    [
        "sgd --lr 0.01",
        "adam --lr 0.01",
        "adamw --lr 0.01 --weight-decay 0.1",
        "rmsprop --lr 0.001",
        "adagrad --lr 0.1",
    ];

    /// <summary>--run, repeated.</summary>
    public string[]? Runs { get; set; }

    /// <summary>The options of <c>compare</c>: <c>--run</c> first, then those of <c>run</c>.</summary>
    public static IReadOnlyList<SettingOption> CompareOptions { get; } =
    [
        SettingOption.List<CompareSettings>("run", "SPEC", "One contestant: an optimizer and its training options, e.g. \"adam --lr 0.05\" or \"sgd --momentum 0.9 label=heavy-ball\"; repeat for each. Training options given outside --run apply to every run that does not set them. Default: the five optimizers (sgd 0.01, adam 0.01, adamw 0.01 with weight decay 0.1, rmsprop 0.001, adagrad 0.1)", s => s.Runs, (s, v) => s.Runs = v),
        .. RunOptions,
        .. CurvatureOptionTable(),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<SettingOption> Options => CompareOptions;

    /// <inheritdoc />
    public override string DefaultOut => "compare-out";
}
