using LossLandscape.Cli.Commands;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>How an option takes its value.</summary>
public enum SettingKind
{
    /// <summary>One value, given at most once: <c>--lr 0.05</c>.</summary>
    Value,

    /// <summary>No value; present or not: <c>--nesterov</c>.</summary>
    Flag,

    /// <summary>One value per occurrence, repeatable: <c>--run A --run B</c>.</summary>
    List,
}

/// <summary>
/// One command-line option in one place: its long name, value name, description and where its value lives in the
/// settings. The parser, the help, tab completion, run.json and <c>compare --run</c> are all built from these; the
/// default is what a fresh settings object holds. Values stay text until the settings parse them, so every error can
/// name the option.
/// </summary>
public sealed class SettingOption
{
    private readonly Func<TrainingSettings, object?> _get;
    private readonly Action<TrainingSettings, object?> _set;

    private SettingOption(string name, SettingKind kind, string? valueName, string description, Func<TrainingSettings, object?> get, Action<TrainingSettings, object?> set)
    {
        Name = name;
        Kind = kind;
        ValueName = valueName;
        Description = description;
        _get = get;
        _set = set;
    }

    /// <summary>The long name without dashes, e.g. <c>lr</c>.</summary>
    public string Name { get; }

    /// <summary>The long name with dashes, e.g. <c>--lr</c>.</summary>
    public string LongName => "--" + Name;

    /// <summary>How the option takes its value.</summary>
    public SettingKind Kind { get; }

    /// <summary>The value's name in the help (<c>RATE</c>); null for flags.</summary>
    public string? ValueName { get; }

    /// <summary>The help text.</summary>
    public string Description { get; }

    /// <summary>Short aliases, e.g. <c>-o</c>.</summary>
    public IReadOnlyList<string> Aliases { get; private set; } = [];

    /// <summary>False when the help should not print the default (it depends on the figure; the description says it).</summary>
    public bool ShowDefault { get; private set; } = true;

    /// <summary>This option with the short alias <paramref name="alias"/>, e.g. <c>-o</c>.</summary>
    public SettingOption WithAlias(string alias)
    {
        Aliases = [.. Aliases, alias];
        return this;
    }

    /// <summary>This option without its default in the help (the description says what it is).</summary>
    public SettingOption WithoutDefaultInHelp()
    {
        ShowDefault = false;
        return this;
    }

    /// <summary>A value option: text stored by <paramref name="set"/>, read back by <paramref name="get"/>.</summary>
    public static SettingOption Value<TSettings>(string name, string valueName, string description, Func<TSettings, string?> get, Action<TSettings, string?> set)
        where TSettings : TrainingSettings =>
        new(name, SettingKind.Value, valueName, description, s => get((TSettings)s), (s, v) => set((TSettings)s, (string?)v));

    /// <summary>A flag: true when given.</summary>
    public static SettingOption Flag<TSettings>(string name, string description, Func<TSettings, bool> get, Action<TSettings, bool> set)
        where TSettings : TrainingSettings =>
        new(name, SettingKind.Flag, null, description, s => get((TSettings)s), (s, v) => set((TSettings)s, v is true));

    /// <summary>A repeatable option: every value in the order given.</summary>
    public static SettingOption List<TSettings>(string name, string valueName, string description, Func<TSettings, string[]?> get, Action<TSettings, string[]?> set)
        where TSettings : TrainingSettings =>
        new(name, SettingKind.List, valueName, description, s => get((TSettings)s), (s, v) => set((TSettings)s, (string[]?)v));

    /// <summary>The value held by <paramref name="settings"/>: a string, a bool (flags) or a string array (lists).</summary>
    public object? Get(TrainingSettings settings) => _get(settings);

    /// <summary>Stores a value: text for a value option, true/false for a flag, an array for a list.</summary>
    public void Set(TrainingSettings settings, object? value) => _set(settings, value);
}
