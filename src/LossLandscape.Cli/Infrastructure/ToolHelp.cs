using System.CommandLine;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>
/// The parser's help names the root command after the executable, which is <c>LossLandscape.Cli</c> (the assembly)
/// however the tool is started; the usage lines should name the command the user types.
/// </summary>
internal static class ToolHelp
{
    /// <summary>The command the user types.</summary>
    public const string ToolName = "losslandscape";

    /// <summary><paramref name="help"/> with the usage lines starting with <see cref="ToolName"/>.</summary>
    public static string Rename(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        var executable = RootCommand.ExecutableName;
        var lines = help.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith($"  {executable}", StringComparison.Ordinal))
            {
                lines[i] = $"  {ToolName}{lines[i][(2 + executable.Length)..]}";
            }
        }

        return string.Join('\n', lines);
    }
}
