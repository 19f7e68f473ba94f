namespace LossLandscape.Options;

/// <summary>
/// Every option of <c>run</c>, <c>compare</c> and the lab, each defined once. The command line builds its parser
/// and help from it, run.json records it and <c>--config</c> reads it back through it; the order here is the order
/// within each group of the help.
/// </summary>
public static partial class OptionCatalogue
{
    /// <summary>Every option, grouped (<see cref="OptionGroup"/> order) and in help order within a group.</summary>
    public static IReadOnlyList<OptionDefinition> All { get; } =
        [.. OfferedByTheLab([.. DataOptions(), .. ModelOptions(), .. PlaneOptions(), .. TrainingOptions(), .. CurvatureOptions(), .. ViewOptions(), .. OutputOptions()])];

    private static readonly Dictionary<string, OptionDefinition> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);

    /// <summary>The options <paramref name="command"/> offers, in help order.</summary>
    public static IReadOnlyList<OptionDefinition> For(OptionCommands command) => All.Where(o => o.OfferedBy(command)).ToArray();

    /// <summary>The options one <c>compare --run</c> value may set (the optimizer's), in help order.</summary>
    public static IReadOnlyList<OptionDefinition> PerRun { get; } = All.Where(o => o.PerRun).ToArray();

    /// <summary>The option named <paramref name="name"/> (long name without dashes), or null.</summary>
    public static OptionDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The option named <paramref name="name"/>; throws when there is none (a programming error).</summary>
    public static OptionDefinition Get(string name) =>
        ByName.TryGetValue(name, out var option) ? option : throw new ArgumentException($"no option named {name}", nameof(name));

    /// <summary>
    /// Options that were renamed because one name had two meanings; giving the old name is an error that names the
    /// new one: <c>--alpha</c> was both RMSprop's smoothing constant and the line's range.
    /// </summary>
    public static IReadOnlyList<RetiredOption> Retired { get; } =
    [
        new("alpha", text => text is not null && text.Contains(':', StringComparison.Ordinal)
            ? "has two meanings and is retired; for the line's range START:STOP:STEP use «alpha-range»"
            : text is null
            ? "has two meanings and is retired; use «rmsprop-alpha» for RMSprop's smoothing constant or «alpha-range» for the line's range"
            : "has two meanings and is retired; for RMSprop's smoothing constant use «rmsprop-alpha»"),
    ];

    /// <summary>The retired option named <paramref name="name"/>, or null.</summary>
    public static RetiredOption? FindRetired(string name) => Retired.FirstOrDefault(r => r.Name == name);

    /// <summary>
    /// <paramref name="options"/> with <see cref="OptionCommands.Lab"/> added to those the lab's form and request take
    /// (a request field of the same name; GET /api/options lists them).
    /// </summary>
    private static IEnumerable<OptionDefinition> OfferedByTheLab(IEnumerable<OptionDefinition> options)
    {
        string[] lab =
        [
            "samples", "seed", "x-mean", "x-std", "noise-std", "test-fraction", "layers", "activation", "bias", "init-seed",
            "plane", "direction-seed", "normalize", "biases", "w1", "w2", "a-range", "b-range", "surface", "precision",
            "optimizer", "lr", "momentum", "dampening", "nesterov", "weight-decay", "beta1", "beta2", "eps", "amsgrad",
            "rmsprop-alpha", "centered", "lr-decay", "initial-accumulator", "schedule", "step-size", "gamma", "t-max",
            "eta-min", "epochs", "batch-size", "no-shuffle", "shuffle-seed", "record",
        ];
        return options.Select(o => lab.Contains(o.Name) ? o with { Commands = o.Commands | OptionCommands.Lab } : o);
    }

    private static OptionDefinition Number(string name, string valueName, OptionGroup group, string help) => new()
    {
        Name = name,
        ValueName = valueName,
        Group = group,
        Help = help,
        Type = OptionType.Number,
        Parse = text => OptionParse.Double(name, text),
    };

    private static OptionDefinition Integer(string name, string valueName, OptionGroup group, string help) => new()
    {
        Name = name,
        ValueName = valueName,
        Group = group,
        Help = help,
        Type = OptionType.Integer,
        Parse = text => OptionParse.Int(name, text),
    };

    private static OptionDefinition Seed(string name, OptionGroup group, string help) => new()
    {
        Name = name,
        ValueName = "SEED",
        Group = group,
        Help = help,
        Type = OptionType.Seed,
        Parse = text => OptionParse.Seed(name, text),
    };

    private static OptionDefinition Range(string name, OptionGroup group, string help) => new()
    {
        Name = name,
        ValueName = "START:STOP:STEP",
        Group = group,
        Help = help,
        Type = OptionType.Range,
        Parse = text => OptionParse.Axis(name, text),
    };

    private static OptionDefinition Word<T>(string name, string valueName, OptionGroup group, string help, params (string Word, T Value)[] choices) => new()
    {
        Name = name,
        ValueName = valueName,
        Group = group,
        Help = help,
        Type = OptionType.Word,
        Allowed = choices.Select(c => c.Word).ToArray(),
        Parse = text => OptionParse.Word(name, text, choices)!,
    };

    private static OptionDefinition Text(string name, string valueName, OptionGroup group, string help) => new()
    {
        Name = name,
        ValueName = valueName,
        Group = group,
        Help = help,
    };

    private static OptionDefinition File(string name, string valueName, OptionGroup group, string help) => new()
    {
        Name = name,
        ValueName = valueName,
        Group = group,
        Help = help,
        Type = OptionType.Path,
    };

    private static OptionDefinition Flag(string name, OptionGroup group, string help) => new()
    {
        Name = name,
        Kind = OptionKind.Flag,
        Type = OptionType.Flag,
        Group = group,
        Help = help,
        Parse = _ => true,
    };
}

/// <summary>An option name that is no longer taken, and the one-line error that names its replacement.</summary>
/// <param name="Name">The old long name without dashes.</param>
/// <param name="Message">The error for the value given (null when none was), other options marked «name».</param>
public sealed record RetiredOption(string Name, Func<string?, string> Message);
