using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossLandscape.IO;
using LossLandscape.Cli.Commands;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>run.json: the command, every option's value, the tool's version, results and the seconds per stage.</summary>
public static class RunManifest
{
    /// <summary>The tool's version (assembly informational version without build metadata).</summary>
    public static string Version =>
        (typeof(RunManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

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
    public static void Write(string path, string command, TrainingSettings settings, JsonObject resolved, JsonObject results, IReadOnlyDictionary<string, double> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        var timings = new JsonObject();
        foreach (var (stage, value) in seconds)
        {
            timings[stage] = value;
        }

        var root = new JsonObject
        {
            ["tool"] = "losslandscape",
            ["version"] = Version,
            ["command"] = command,
            ["created_utc"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["options"] = Options(settings),
            ["resolved"] = resolved,
            ["results"] = results,
            ["seconds"] = timings,
        };
        // JSON has no NaN or infinity: a value that overflowed is written as null (the console says so).
        Numbers.NullNonFinite(root);
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
