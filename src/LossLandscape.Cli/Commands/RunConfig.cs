using System.Text.Json;
using LossLandscape.Cli.Infrastructure;

namespace LossLandscape.Cli.Commands;

/// <summary><c>run --config run.json</c>: the options a run folder's run.json recorded, applied to a fresh run.</summary>
internal static class RunConfig
{
    /// <summary>
    /// <paramref name="settings"/> itself when --config is not given; else fresh settings holding every option
    /// run.json recorded, with <c>--out</c> taken from <paramref name="settings"/>. Any other option given beside
    /// --config is an error (the file decides).
    /// </summary>
    public static RunSettings Apply(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Config is not { } path)
        {
            return settings;
        }

        var fresh = new RunSettings();
        foreach (var option in settings.Options.Where(o => o.Name is not ("config" or "out")))
        {
            if (!Equal(option.Get(settings), option.Get(fresh)))
            {
                throw new UsageException($"--config: {option.LongName} was given too; a rerun takes every option from {path} (only --out may be given)");
            }
        }

        JsonElement options;
        try
        {
            using var document = JsonDocument.Parse(LossLandscape.IO.InputFile.ReadAllBytes(path, "config", Limits.MaxConfigFileBytes));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String || command.GetString() != "run")
            {
                throw new UsageException($"--config: {path} is not the run.json of a run (its \"command\" must be \"run\")");
            }

            if (!root.TryGetProperty("options", out var recorded) || recorded.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"--config: {path} has no \"options\" object");
            }

            options = recorded.Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new UsageException($"--config: cannot read {path}: {OneLine(e.Message)}");
        }

        var rerun = new RunSettings();
        if (settings.Out != settings.DefaultOut)
        {
            rerun.Out = settings.Out;
        }

        foreach (var property in options.EnumerateObject())
        {
            var option = rerun.Options.FirstOrDefault(o => o.Name == property.Name);
            if (option is null)
            {
                throw new UsageException($"--config: {path} records an option this version does not know: --{property.Name}");
            }

            if (option.Name is "config" or "out" || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            option.Set(rerun, (option.Kind, property.Value.ValueKind) switch
            {
                (SettingKind.Flag, JsonValueKind.True or JsonValueKind.False) => property.Value.GetBoolean(),
                (SettingKind.Value, JsonValueKind.String) => property.Value.GetString(),
                (SettingKind.List, JsonValueKind.Array) => property.Value.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray(),
                _ => throw new UsageException($"--config: {path}: the value of {option.LongName} has the wrong type"),
            });
        }

        return rerun;
    }

    private static bool Equal(object? a, object? b) => (a, b) switch
    {
        (string[] x, string[] y) => x.SequenceEqual(y),
        _ => Equals(a, b),
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
