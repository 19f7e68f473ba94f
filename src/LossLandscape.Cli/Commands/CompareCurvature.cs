using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossLandscape.Curvature;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Pipeline;
using LossLandscape.Plotting;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// The full Hessian's part of a race's files (<c>compare --curvature</c>): each record's λmax (λ₂ … λₖ, limit,
/// preconditioned sharpness, trace) as columns of trajectories.csv, each run's <c>full_hessian</c> in run.json with the
/// settings once, and the chart under compare.html with every run in its race colour.
/// </summary>
internal static class CompareCurvature
{
    /// <summary>The settings' keys of a <c>full_hessian</c> block, written once for the race rather than per run.</summary>
    private static readonly string[] SettingKeys = ["method", "loss", "curvature", "k", "iterations", "probes", "tolerance", "seed"];

    /// <summary>True when any run's curvature was computed along its path.</summary>
    public static bool Any(RaceResult result) => result.Runs.Any(r => r.Curvature?.Path is not null);

    /// <summary>The extra columns of trajectories.csv, each starting with a comma; empty without curvature.</summary>
    public static string Header(RaceResult result)
    {
        if (!Any(result))
        {
            return string.Empty;
        }

        var header = new StringBuilder(",lambda_max");
        for (var i = 2; i <= Top(result); i++)
        {
            header.Append(",lambda_").Append(i);
        }

        header.Append(",stability_limit");
        if (Preconditioned(result))
        {
            header.Append(",preconditioned_sharpness,preconditioned_limit");
        }

        if (Traced(result))
        {
            header.Append(",trace,trace_stderr");
        }

        return header.ToString();
    }

    /// <summary>Appends a record's cells for <see cref="Header"/>'s columns: empty at records the schedule skipped.</summary>
    public static void AppendCells(StringBuilder csv, RaceResult result, IReadOnlyDictionary<int, SharpnessRecord> rows, int index)
    {
        if (!Any(result))
        {
            return;
        }

        rows.TryGetValue(index, out var row);
        Cell(csv, row?.Sharpness);
        for (var i = 1; i < Top(result); i++)
        {
            Cell(csv, row is not null && i < row.Top.Length ? row.Top[i] : null);
        }

        Cell(csv, row?.StabilityLimit);
        if (Preconditioned(result))
        {
            Cell(csv, row?.PreconditionedSharpness);
            Cell(csv, row?.PreconditionedLimit);
        }

        if (Traced(result))
        {
            Cell(csv, row?.Trace?.Value);
            Cell(csv, row?.Trace?.StandardError);
        }
    }

    /// <summary>A run's <c>full_hessian</c> block without the settings (see <see cref="Settings"/>), or null.</summary>
    public static JsonObject? RunBlock(RaceRun run)
    {
        if (Summary(run) is not { } block)
        {
            return null;
        }

        foreach (var key in SettingKeys)
        {
            block.Remove(key);
        }

        return block;
    }

    /// <summary>The settings every run's curvature used, once for the race, or null without curvature.</summary>
    public static JsonObject? Settings(RaceResult result)
    {
        if (result.Runs.FirstOrDefault(r => r.Curvature?.Path is not null) is not { } first || Summary(first) is not { } block)
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

    /// <summary>The curvature chart (compare.html, and hessian.png/.svg with images), or null without curvature.</summary>
    public static Figure? Chart(RaceResult result, int width, int height)
    {
        if (!Any(result))
        {
            return null;
        }

        var views = result.Runs
            .Select((run, k) => (run, k))
            .Where(p => p.run.Curvature?.Path is not null)
            .Select(p => new HessianPathView(p.run.Entry.Label, p.run.Curvature!.Path!, p.run.Trajectory.Records.Select(r => (double)r.Step).ToArray(), p.run.Trajectory.Records.Select(r => r.TrainLoss).ToArray(), CompareFigure.ColorOf(p.k)))
            .ToArray();
        return RaceHessianFigure.Build(views, width, height);
    }

    private static JsonObject? Summary(RaceRun run)
    {
        if (run.Curvature is not { } curvature)
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

    private static bool Preconditioned(RaceResult result) =>
        result.Runs.Any(r => r.Curvature?.Path?.Records.Any(x => x.PreconditionedSharpness is not null) == true);

    /// <summary>The most eigenvalues a record holds (<c>curvature-top</c>): λmax, then λ₂ … λₖ in columns of their own.</summary>
    private static int Top(RaceResult result) => result.Runs.Max(r => r.Curvature?.Path is null ? 0 : r.Curvature.Settings.Top);

    private static bool Traced(RaceResult result) => result.Runs.Any(r => r.Curvature?.Settings.Trace == true);

    private static void Cell(StringBuilder csv, double? value) =>
        csv.Append(',').Append(value is { } v ? Numbers.Format(v) : string.Empty);
}
