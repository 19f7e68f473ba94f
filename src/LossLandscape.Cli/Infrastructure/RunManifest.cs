using System.Text.Json.Nodes;
using LossLandscape.Cli.Commands;
using LossLandscape.Landscape;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>run.json: the command, every option's value, the tool's version, results and the seconds per stage.</summary>
public static class RunManifest
{
    /// <summary>The tool's version (assembly informational version without build metadata).</summary>
    public static string Version => RunJson.Version;

    /// <summary>Every <c>--option</c> of <paramref name="settings"/> with its value as given (defaults included).</summary>
    public static JsonObject Options(TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new JsonObject();
        foreach (var option in settings.Options.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            options[option.Name] = option.Get(settings) switch
            {
                bool b => JsonValue.Create(b),
                string s => JsonValue.Create(s),
                string[] list => new JsonArray(list.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                _ => null,
            };
        }

        return options;
    }

    /// <summary>Writes the manifest atomically.</summary>
    public static void Write(string path, string command, TrainingSettings settings, JsonObject resolved, JsonObject results, IReadOnlyDictionary<string, double> seconds) =>
        RunJson.Write(path, command, Options(settings), resolved, results, seconds);
}
