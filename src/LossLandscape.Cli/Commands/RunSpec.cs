using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.Options;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// Parses one <c>--run</c> value: an optional optimizer word first, then training options as on <c>run</c>
/// (<c>--lr 0.05</c>, <c>--lr=0.05</c>, flags such as <c>--nesterov</c>) and an optional <c>label=NAME</c>.
/// </summary>
public static class RunSpec
{
    /// <summary>
    /// The contestant described by <paramref name="text"/>, starting from the training options in
    /// <paramref name="shared"/>. The label defaults to the text (without the label part).
    /// </summary>
    public static RaceEntry Parse(string text, RunSettings shared)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(shared);
        var values = shared.Values.Copy();
        var tokens = Tokens(text);
        string? label = null;
        var described = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith("label=", StringComparison.Ordinal))
            {
                label = token["label=".Length..].Trim();
                if (label.Length == 0)
                {
                    throw Error(text, "label= needs a name, e.g. label=fast");
                }

                continue;
            }

            described.Add(token.Contains(' ', StringComparison.Ordinal) ? $"\"{token}\"" : token);
            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                if (i == 0)
                {
                    values.Set("optimizer", token);
                    continue;
                }

                throw Error(text, $"'{token}' is not an option; write training options as --name value (the optimizer may come first: \"adam --lr 0.05\")");
            }

            var name = token[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (OptionCatalogue.FindRetired(name) is { } retired)
            {
                throw Error(text, $"--{name}: {LandscapeOutput.Flags(retired.Message(value ?? (i + 1 < tokens.Count ? tokens[i + 1] : null)))}");
            }

            var option = OptionCatalogue.Find(name) is { PerRun: true } found ? found : null;
            if (option is null)
            {
                throw Error(text, SharedOptionNames.Contains(name)
                    ? $"--{name} is not a per-run option; give it once, outside --run, for the whole comparison"
                    : $"--{name} is not an option of compare; the per-run options are {string.Join(", ", OptionCatalogue.PerRun.Select(o => o.LongName))}");
            }

            if (option.Kind == OptionKind.Flag)
            {
                if (value is not null)
                {
                    throw Error(text, $"--{name} is a flag and takes no value");
                }
            }
            else if (value is null)
            {
                if (i + 1 >= tokens.Count || (tokens[i + 1].StartsWith("--", StringComparison.Ordinal) && !LooksNumeric(tokens[i + 1])))
                {
                    throw Error(text, $"--{name} needs a value");
                }

                value = tokens[++i];
                described.Add(value);
            }

            values.Set(option.Name, option.Kind == OptionKind.Flag ? true : value);
        }

        try
        {
            var optimizer = RunSettings.Usage(values.ToOptimizerSettings);
            return new RaceEntry(label ?? string.Join(' ', described), optimizer);
        }
        catch (UsageException e)
        {
            throw Error(text, e.Message);
        }
    }

    /// <summary>
    /// The long names of the options of <c>compare</c> that are not per-run: they apply to the whole comparison
    /// (data, grid, epochs, output, views) and are given once, outside --run.
    /// </summary>
    public static IReadOnlySet<string> SharedOptionNames { get; } =
        OptionCatalogue.For(OptionCommands.Compare).Where(o => !o.PerRun).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

    private static bool LooksNumeric(string token) => double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static UsageException Error(string text, string message) => new($"--run \"{text}\": {message}");

    /// <summary>Splits on whitespace; single or double quotes group words (label="my run").</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        var inToken = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (quote is not null)
        {
            throw Error(text, $"unclosed {quote} quote");
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
