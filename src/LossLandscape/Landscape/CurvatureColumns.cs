using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossLandscape.Curvature;
using LossLandscape.Files;

namespace LossLandscape.Landscape;

/// <summary>
/// The full Hessian's part of a race's files (<c>compare --curvature</c>): each record's λmax (λ₂ … λₖ, limit,
/// preconditioned sharpness, trace) as columns of trajectories.csv, and each run's <c>full_hessian</c> in run.json with
/// the settings once for the race.
/// </summary>
public sealed class CurvatureColumns
{
    /// <summary>The settings' keys of a <c>full_hessian</c> block, written once for the race rather than per run.</summary>
    private static readonly string[] SettingKeys = ["method", "loss", "curvature", "k", "iterations", "probes", "tolerance", "seed"];

    private readonly int _top;
    private readonly bool _preconditioned;
    private readonly bool _traced;

    private CurvatureColumns(IReadOnlyList<LandscapePath> paths)
    {
        Any = paths.Any(p => p.Curvature?.Path is not null);
        _top = paths.Count == 0 ? 0 : paths.Max(p => p.Curvature?.Path is null ? 0 : p.Curvature.Settings.Top);
        _preconditioned = paths.Any(p => p.Curvature?.Path?.Records.Any(x => x.PreconditionedSharpness is not null) == true);
        _traced = paths.Any(p => p.Curvature?.Settings.Trace == true);
    }

    /// <summary>True when any path's curvature was computed along it.</summary>
    public bool Any { get; }

    /// <summary>The columns for <paramref name="paths"/>: λmax, λ₂ … up to the most any path holds, and what any path computed.</summary>
    public static CurvatureColumns Of(IReadOnlyList<LandscapePath> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new CurvatureColumns(paths);
    }

    /// <summary>The extra columns of trajectories.csv, each starting with a comma; empty without curvature.</summary>
    public string Header()
    {
        if (!Any)
        {
            return string.Empty;
        }

        var header = new StringBuilder(",lambda_max");
        for (var i = 2; i <= _top; i++)
        {
            header.Append(",lambda_").Append(i);
        }

        header.Append(",stability_limit");
        if (_preconditioned)
        {
            header.Append(",preconditioned_sharpness,preconditioned_limit");
        }

        if (_traced)
        {
            header.Append(",trace,trace_stderr");
        }

        return header.ToString();
    }

    /// <summary>Appends a record's cells for <see cref="Header"/>'s columns: empty at records the schedule skipped.</summary>
    public void AppendCells(StringBuilder csv, IReadOnlyDictionary<int, SharpnessRecord> rows, int index)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(rows);
        if (!Any)
        {
            return;
        }

        rows.TryGetValue(index, out var row);
        Cell(csv, row?.Sharpness);
        for (var i = 1; i < _top; i++)
        {
            Cell(csv, row is not null && i < row.Top.Length ? row.Top[i] : null);
        }

        Cell(csv, row?.StabilityLimit);
        if (_preconditioned)
        {
            Cell(csv, row?.PreconditionedSharpness);
            Cell(csv, row?.PreconditionedLimit);
        }

        if (_traced)
        {
            Cell(csv, row?.Trace?.Value);
            Cell(csv, row?.Trace?.StandardError);
        }
    }

    /// <summary>A path's <c>full_hessian</c> block without the settings (see <see cref="Settings"/>), or null.</summary>
    public static JsonObject? PathBlock(LandscapePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Summary(path) is not { } block)
        {
            return null;
        }

        foreach (var key in SettingKeys)
        {
            block.Remove(key);
        }

        return block;
    }

    /// <summary>The settings every path's curvature used, once for the race, or null without curvature.</summary>
    public static JsonObject? Settings(IReadOnlyList<LandscapePath> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.FirstOrDefault(p => p.Curvature?.Path is not null) is not { } first || Summary(first) is not { } block)
        {
            return null;
        }

        var settings = new JsonObject();
        foreach (var key in SettingKeys)
        {
            settings[key] = block[key]?.DeepClone();
        }

        return settings;
    }

    private static JsonObject? Summary(LandscapePath path)
    {
        if (path.Curvature is not { } curvature)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            CurvatureJson.WriteSummary(json, curvature);
            json.WriteEndObject();
        }

        return JsonNode.Parse(stream.ToArray())!["full_hessian"]!.AsObject().DeepClone().AsObject();
    }

    private static void Cell(StringBuilder csv, double? value) =>
        csv.Append(',').Append(value is { } v ? Numbers.Format(v) : string.Empty);
}
