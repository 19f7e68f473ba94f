using System.Text.Json.Nodes;
using LossLandscape.Cli.Commands;
using LossLandscape.Options;
using LossLandscape.Pipeline;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>run.json: the command, every option's value, the tool's version, results and the seconds per stage.</summary>
public static class RunManifest
{
    /// <summary>
    /// Every option of <paramref name="settings"/>' command with its value as given or defaulted, by name; a relative
    /// input path is written relative to the run folder, so <c>--config</c> finds it from anywhere.
    /// </summary>
    public static JsonObject Options(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folder = Path.GetFullPath(settings.Out);
        var options = new JsonObject();
        foreach (var option in settings.Options.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            options[option.Name] = settings.Values.Recorded(option) switch
            {
                bool b => JsonValue.Create(b),
                string s => JsonValue.Create(Relative(option, s, folder)),
                string[] list => new JsonArray(list.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                _ => null,
            };
        }

        return options;
    }

    /// <summary>Writes the manifest atomically.</summary>
    public static void Write(string path, string command, RunSettings settings, JsonObject resolved, JsonObject results, IReadOnlyDictionary<string, double> seconds) =>
        RunJson.Write(path, command, Options(settings), resolved, results, seconds);

    /// <summary><paramref name="text"/> with each relative input file it names written relative to <paramref name="folder"/>.</summary>
    private static string Relative(OptionDefinition option, string text, string folder) =>
        RunConfig.MapFiles(option, text, file => Path.IsPathRooted(file) ? file : Path.GetRelativePath(folder, Path.GetFullPath(file)));
}
