using System.Text;
using LossLandscape.Options;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>
/// The help of <c>run</c> and <c>compare</c>, written from the option catalogue: a heading per group, each option with
/// its value name and its default written one way, "(default: X)", wrapped to the width without breaking words.
/// </summary>
internal static class OptionHelp
{
    /// <summary>The widest the option column grows; longer names put their description on the next line.</summary>
    private const int MaxNameColumn = 26;

    /// <summary>The width when the output is not a terminal.</summary>
    public const int DefaultWidth = 80;

    /// <summary>The help of <paramref name="command"/>: what it does, its usage, its examples (lines given whole) and its options by group.</summary>
    public static string Write(string name, OptionCommands command, string description, IReadOnlyList<string> examples, int width)
    {
        ArgumentNullException.ThrowIfNull(examples);
        width = Math.Max(width, 40);
        var help = new StringBuilder();
        help.Append("Description:\n");
        Wrap(help, description, 2, width);
        help.Append("\nUsage:\n  ").Append(ToolHelp.ToolName).Append(' ').Append(name).Append(" [options]\n");
        help.Append("\nExamples:\n");
        foreach (var example in examples)
        {
            help.Append("  ").Append(example).Append('\n');
        }

        var options = OptionCatalogue.For(command);
        var rows = options.Select(o => (Option: o, Label: Label(o))).ToArray();
        var column = Math.Min(Math.Min(rows.Max(r => r.Label.Length), MaxNameColumn), width / 3) + 4;
        foreach (var group in Enum.GetValues<OptionGroup>())
        {
            var members = rows.Where(r => r.Option.Group == group).ToArray();
            if (members.Length == 0)
            {
                continue;
            }

            help.Append('\n').Append(OptionGroups.Heading(group)).Append(":\n");
            foreach (var (option, label) in members)
            {
                Row(help, label, Description(option, command), column, width);
            }

            if (group == OptionGroup.Output)
            {
                Row(help, "-h, --help", "Show this help", column, width);
            }
        }

        return help.ToString();
    }

    /// <summary>The help's description of <paramref name="option"/>: its text with options spelled as flags, then its default.</summary>
    public static string Description(OptionDefinition option, OptionCommands command)
    {
        ArgumentNullException.ThrowIfNull(option);
        var text = LandscapeOutput.Flags(option.Help);
        return option.DefaultText(command) is { } value ? $"{text} (default: {LandscapeOutput.Flags(value)})" : text;
    }

    /// <summary>The option's name column: alias, long name and value name, e.g. <c>-o, --out &lt;DIR&gt;</c>.</summary>
    public static string Label(OptionDefinition option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var label = option.Alias is null ? option.LongName : $"{option.Alias}, {option.LongName}";
        return option.ValueName is null ? label : $"{label} <{option.ValueName}>";
    }

    private static void Row(StringBuilder help, string label, string description, int column, int width)
    {
        help.Append("  ").Append(label);
        if (label.Length + 2 > column - 2)
        {
            help.Append('\n');
            Wrap(help, description, column, width);
            return;
        }

        help.Append(' ', column - 2 - label.Length);
        Wrap(help, description, column, width, firstIndented: true);
    }

    /// <summary>Appends <paramref name="text"/> in lines of at most <paramref name="width"/> columns indented by <paramref name="indent"/>; a word longer than a line stays whole.</summary>
    private static void Wrap(StringBuilder help, string text, int indent, int width, bool firstIndented = false)
    {
        var available = Math.Max(width - indent, 20);
        var line = 0;
        var first = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line > 0 && line + 1 + word.Length > available)
            {
                help.Append('\n');
                line = 0;
            }

            if (line == 0)
            {
                if (!(first && firstIndented))
                {
                    help.Append(' ', indent);
                }
            }
            else
            {
                help.Append(' ');
                line++;
            }

            help.Append(word);
            line += word.Length;
            first = false;
        }

        help.Append('\n');
    }
}
