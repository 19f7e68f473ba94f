using LossLandscape.Optim;

namespace LossLandscape.Options;

/// <summary>
/// The options given to one command, as text (a flag as true, a repeatable option as its list), keyed by the
/// catalogue's names. An option not given holds the catalogue's default; each typed read parses through the
/// option's definition, so every front end reads a value the same way and every error names the option.
/// </summary>
public sealed class OptionValues
{
    private readonly Dictionary<string, object> _given = new(StringComparer.Ordinal);

    /// <summary>Empty values for <paramref name="command"/> (<see cref="OptionCommands.Run"/> or <see cref="OptionCommands.Compare"/>).</summary>
    public OptionValues(OptionCommands command)
    {
        Command = command;
    }

    /// <summary>The command whose defaults apply.</summary>
    public OptionCommands Command { get; }

    /// <summary>The names of the options given, in the catalogue's order.</summary>
    public IEnumerable<string> Given => OptionCatalogue.All.Where(o => _given.ContainsKey(o.Name)).Select(o => o.Name);

    /// <summary>True when <paramref name="name"/> was given.</summary>
    public bool IsGiven(string name) => _given.ContainsKey(name);

    /// <summary>Sets <paramref name="name"/>: text for a value option, true or false for a flag (false unsets it), an array for a list (null unsets any).</summary>
    public void Set(string name, object? value)
    {
        var option = OptionCatalogue.Get(name);
        switch (option.Kind, value)
        {
            case (_, null):
            case (OptionKind.Flag, false):
                _given.Remove(name);
                break;
            case (OptionKind.Flag, true):
            case (OptionKind.Value, string):
            case (OptionKind.List, string[]):
                _given[name] = value;
                break;
            default:
                throw new ArgumentException($"{option.LongName} takes {option.Kind}, not {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>The text of a value option: as given, else the command's default, else null.</summary>
    public string? Text(string name) => _given.TryGetValue(name, out var value) ? (string)value : OptionCatalogue.Get(name).DefaultFor(Command);

    /// <summary>True when the flag <paramref name="name"/> was given.</summary>
    public bool Flag(string name) => _given.ContainsKey(name);

    /// <summary>The values of a repeatable option in the order given, or null.</summary>
    public string[]? List(string name) => _given.TryGetValue(name, out var value) ? (string[])value : null;

    /// <summary>The parsed value of <paramref name="name"/> (given or default); throws <see cref="InvalidOptionException"/> naming it when its text is bad.</summary>
    public T Get<T>(string name)
    {
        var text = Text(name) ?? throw new InvalidOptionException(name, "has no value and no default");
        return (T)OptionCatalogue.Get(name).Parse(text);
    }

    /// <summary>The parsed value of <paramref name="name"/> when it has text (given or default), else null.</summary>
    public T? Parsed<T>(string name)
        where T : struct => Text(name) is { } text ? (T)OptionCatalogue.Get(name).Parse(text) : null;

    /// <summary>The value run.json records: text (given or default), a flag's true/false, a list, or null.</summary>
    public object? Recorded(OptionDefinition option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return option.Kind switch
        {
            OptionKind.Flag => Flag(option.Name),
            OptionKind.List => List(option.Name),
            _ => Text(option.Name),
        };
    }

    /// <summary>A copy that the copy's changes leave this one alone.</summary>
    public OptionValues Copy()
    {
        var copy = new OptionValues(Command);
        foreach (var (name, value) in _given)
        {
            copy._given[name] = value;
        }

        return copy;
    }

    /// <summary>
    /// The optimizer's settings from the optimizer's options given (each parsed and applied by its definition),
    /// validated; throws <see cref="InvalidOptionException"/> naming the first bad option.
    /// </summary>
    public OptimizerSettings ToOptimizerSettings()
    {
        var settings = new OptimizerSettings();
        foreach (var option in OptionCatalogue.PerRun)
        {
            if (_given.TryGetValue(option.Name, out var value))
            {
                settings = option.ApplyToOptimizer!(settings, option.Parse(value as string ?? string.Empty));
            }
        }

        settings.Validate();
        return settings;
    }
}
