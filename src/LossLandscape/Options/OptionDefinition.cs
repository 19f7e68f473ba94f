using LossLandscape.Optim;

namespace LossLandscape.Options;

/// <summary>
/// One option, defined once for every front end: its name, value, default, allowed values, unit, help text, group,
/// the commands that offer it, how its text is parsed and, for the optimizer's options, how a value is applied to
/// <see cref="OptimizerSettings"/>. Values stay text until parsed here, so every error names the option.
/// </summary>
public sealed record OptionDefinition
{
    /// <summary>The long name without dashes, e.g. <c>lr</c>; run.json's key and the core's «name».</summary>
    public required string Name { get; init; }

    /// <summary>How the option takes its value.</summary>
    public OptionKind Kind { get; init; } = OptionKind.Value;

    /// <summary>What the value holds.</summary>
    public OptionType Type { get; init; } = OptionType.Text;

    /// <summary>The value's name in the help (<c>RATE</c>); null for flags.</summary>
    public string? ValueName { get; init; }

    /// <summary>The section of the help it is listed in.</summary>
    public required OptionGroup Group { get; init; }

    /// <summary>The commands that offer it.</summary>
    public OptionCommands Commands { get; init; } = OptionCommands.Run | OptionCommands.Compare;

    /// <summary>What it does and what it takes, without its default (see <see cref="DefaultHelp"/>).</summary>
    public required string Help { get; init; }

    /// <summary>The value in force when not given, as text (run.json records it); null when there is none or it depends.</summary>
    public string? Default { get; init; }

    /// <summary>The default of <c>compare</c> when it differs from <see cref="Default"/>.</summary>
    public string? CompareDefault { get; init; }

    /// <summary>The help's wording of the default when <see cref="Default"/> alone does not say it (it depends on other options).</summary>
    public string? DefaultHelp { get; init; }

    /// <summary>The words it takes, for a word option.</summary>
    public IReadOnlyList<string> Allowed { get; init; } = [];

    /// <summary>The unit of a number (<c>pixels</c>, <c>epochs</c>), if it has one.</summary>
    public string? Unit { get; init; }

    /// <summary>The options it needs beside it to mean anything.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>The options it cannot be given with.</summary>
    public IReadOnlyList<string> Conflicts { get; init; } = [];

    /// <summary>A short alias with its dash, e.g. <c>-o</c>.</summary>
    public string? Alias { get; init; }

    /// <summary>True when <c>compare --run</c> may set it for one contestant (the optimizer's options).</summary>
    public bool PerRun => ApplyToOptimizer is not null;

    /// <summary>Parses the text into the value the settings hold; throws <see cref="InvalidOptionException"/> naming the option.</summary>
    public Func<string, object> Parse { get; init; } = text => text;

    /// <summary>Applies a parsed value (true for a flag) to the optimizer's settings; null for other options.</summary>
    public Func<OptimizerSettings, object, OptimizerSettings>? ApplyToOptimizer { get; init; }

    /// <summary>The long name with dashes, e.g. <c>--lr</c>.</summary>
    public string LongName => "--" + Name;

    /// <summary>True when <paramref name="command"/> offers it.</summary>
    public bool OfferedBy(OptionCommands command) => (Commands & command) != 0;

    /// <summary>The default for <paramref name="command"/>.</summary>
    public string? DefaultFor(OptionCommands command) => command == OptionCommands.Compare && CompareDefault is not null ? CompareDefault : Default;

    /// <summary>The help's wording of the default for <paramref name="command"/>, or null when it has none to show.</summary>
    public string? DefaultText(OptionCommands command) => DefaultHelp ?? DefaultFor(command);
}
