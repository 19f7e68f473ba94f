using LossLandscape.Options;

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

    /// <summary>Empty settings of <c>compare</c>: every option at its default.</summary>
    public CompareSettings()
        : base(OptionCommands.Compare)
    {
    }

    /// <summary>--run, repeated; null when not given.</summary>
    public string[]? Runs => Values.List("run");
}
