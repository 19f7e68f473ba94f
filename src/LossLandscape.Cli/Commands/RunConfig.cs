using System.Globalization;
using System.Text.Json;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Options;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// <c>--config run.json</c>: the options a run folder's run.json recorded, read back through the option catalogue,
/// with the options given beside <c>--config</c> on top. Relative paths in the file are read against its folder.
/// </summary>
internal static class RunConfig
{
    /// <summary>
    /// Leaves <paramref name="settings"/> alone when --config is not given; else replaces its values with run.json's
    /// options (those at their default stay not given) under every option given on the command line but --config.
    /// </summary>
    public static void Apply(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Config is not { } path)
        {
            return;
        }

        var command = settings.Command == OptionCommands.Compare ? "compare" : "run";
        var recorded = Read(path, command);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var values = new OptionValues(settings.Command);
        foreach (var property in recorded.EnumerateObject())
        {
            var name = property.Name;
            if (OptionCatalogue.FindRetired(name) is not null)
            {
                // A run.json written before «alpha» was split: its text says which meaning it had.
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                name = property.Value.GetString()!.Contains(':', StringComparison.Ordinal) ? "alpha-range" : "rmsprop-alpha";
            }

            var option = OptionCatalogue.Find(name);
            if (option is null || !option.OfferedBy(settings.Command))
            {
                throw new UsageException($"--config: {path} records an option {command} does not know: --{name}");
            }

            if (option.Name is "config" or "out" || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            object? value = (option.Kind, property.Value.ValueKind) switch
            {
                (OptionKind.Flag, JsonValueKind.True or JsonValueKind.False) => property.Value.GetBoolean(),
                (OptionKind.Value, JsonValueKind.String) => Resolve(option, property.Value.GetString()!, folder),
                (OptionKind.List, JsonValueKind.Array) => property.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw WrongType(path, option)).ToArray(),
                _ => throw WrongType(path, option),
            };
            if (value is string text && text == option.DefaultFor(settings.Command))
            {
                continue;
            }

            values.Set(option.Name, value);
        }

        foreach (var name in settings.Values.Given.Where(n => n != "config"))
        {
            var option = OptionCatalogue.Get(name);
            values.Set(name, option.Kind switch
            {
                OptionKind.Flag => true,
                OptionKind.List => settings.Values.List(name),
                _ => settings.Values.Text(name),
            });
        }

        settings.Replace(values);
    }

    /// <summary>The <c>options</c> object of the run.json at <paramref name="path"/>, which must be <paramref name="command"/>'s.</summary>
    private static JsonElement Read(string path, string command)
    {
        try
        {
            using var document = JsonDocument.Parse(LossLandscape.IO.InputFile.ReadAllBytes(path, "config", Limits.MaxConfigFileBytes));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("command", out var recorded) || recorded.ValueKind != JsonValueKind.String || recorded.GetString() != command)
            {
                throw new UsageException($"--config: {path} is not the run.json of a {command} (its \"command\" must be \"{command}\")");
            }

            if (!root.TryGetProperty("options", out var options) || options.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"--config: {path} has no \"options\" object");
            }

            return options.Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new UsageException($"--config: cannot read {path}: {e.Message.ReplaceLineEndings(" ").Trim()}");
        }
    }

    /// <summary><paramref name="text"/> with its relative files read against <paramref name="folder"/> (<see cref="MapFiles"/>).</summary>
    internal static string Resolve(OptionDefinition option, string text, string folder) =>
        MapFiles(option, text, file => Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(folder, file)));

    /// <summary>
    /// <paramref name="text"/> with <paramref name="map"/> applied to each input file it names: an input path, each
    /// file of a comma list, each file of <c>points:I,J,K</c>; words (<c>final</c>, a record number) and output paths stay.
    /// </summary>
    internal static string MapFiles(OptionDefinition option, string text, Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(text);
        string Map(string file) => file.Length == 0 ? file : map(file);
        if (option.Name == "plane" && text.StartsWith("points:", StringComparison.Ordinal))
        {
            return "points:" + string.Join(',', text["points:".Length..].Split(',').Select(p => int.TryParse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? p : Map(p)));
        }

        if (option.Type != OptionType.Path || option.Group is OptionGroup.Output or OptionGroup.Views || option.Allowed.Contains(text))
        {
            return text;
        }

        return option.Name == "checkpoints" ? string.Join(',', text.Split(',').Select(Map)) : Map(text);
    }

    private static UsageException WrongType(string path, OptionDefinition option) => new($"--config: {path}: the value of {option.LongName} has the wrong type");
}
