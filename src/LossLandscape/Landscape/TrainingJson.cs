using System.Text.Json.Nodes;
using LossLandscape.Optim;

namespace LossLandscape.Landscape;

/// <summary>The optimizer and schedule in force, defaults filled in, as a run.json object.</summary>
public static class TrainingJson
{
    /// <summary>Every training value in force for a run of <paramref name="epochs"/> epochs, keyed by option name.</summary>
    public static JsonObject Describe(OptimizerSettings settings, int epochs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var json = new JsonObject();
        foreach (var (name, value) in settings.Describe(epochs))
        {
            json[name] = value switch
            {
                bool b => JsonValue.Create(b),
                int i => JsonValue.Create(i),
                double d => JsonValue.Create(d),
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return json;
    }
}
