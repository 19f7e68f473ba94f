using System.Diagnostics;
using System.Text.Json.Nodes;
using LossLandscape.Curvature;
using LossLandscape.Optim;
using LossLandscape.Landscape;
using LossLandscape.Platform;
using LossLandscape.Plotting.Export;

namespace LossLandscape.Plotting;

/// <summary>How a run's folder is written: the command and its options for run.json, the views and the images.</summary>
public sealed record RunOutputSettings
{
    /// <summary>The command run.json names (<c>run</c>).</summary>
    public string Command { get; init; } = "run";

    /// <summary>Every option's value as given (defaults included), as run.json lists them.</summary>
    public JsonObject Options { get; init; } = [];

    /// <summary>The views' size, scale and animation.</summary>
    public ViewOptions Views { get; init; } = new();

    /// <summary>How the pages load plotly.js.</summary>
    public PlotlyJsMode Mode { get; init; } = PlotlyJsMode.Inline;

    /// <summary>The images to export beside the pages (none by default).</summary>
    public IReadOnlyList<ImageFormat> Formats { get; init; } = [];

    /// <summary>The browser that exports the images (null: none).</summary>
    public FigureExporter? Exporter { get; init; }

    /// <summary>The size of a race's compare.html and its image; null for the figure's default.</summary>
    public (int Width, int Height)? RaceSize { get; init; }

    /// <summary>Values the front end adds to run.json's <c>resolved</c> (e.g. a race's views and runs as given).</summary>
    public JsonObject Resolved { get; init; } = [];
}

/// <summary>What <see cref="RunOutput.Write"/> wrote: the views' file names, and the surfaces as the figures draw them (null for a line).</summary>
public sealed record RunOutputFiles(IReadOnlyList<string> Views, PlaneView? Drawn);

/// <summary>
/// Writes a run folder for one path or a race — the data files, analysis.json, the HTML views (and images), plotly.js
/// when the pages load it from the folder, and run.json — from a <see cref="LandscapeResult"/>. <c>run</c>,
/// <c>compare</c> and the lab's download all call it, so they write the same files.
/// </summary>
public static class RunOutput
{
    /// <summary>Writes plotly.js next to the pages when they load it from their directory.</summary>
    public static void WritePlotlyJs(string outDir, PlotlyJsMode mode)
    {
        if (mode == PlotlyJsMode.Directory)
        {
            AtomicFile.WriteAllText(Path.Combine(outDir, PlotlyJs.FileName), PlotlyJs.Source);
        }
    }

    /// <summary>
    /// Writes every file of the run into <paramref name="outDir"/>; run.json's total is the time on
    /// <paramref name="total"/> (started by the caller when its work began).
    /// </summary>
    public static RunOutputFiles Write(string outDir, LandscapeResult result, RunOutputSettings settings, Stopwatch total, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(total);
        var writing = Stopwatch.StartNew();
        WritePlotlyJs(outDir, settings.Mode);

        // The data files are independent of the views: write them on another core meanwhile.
        var dataFiles = Task.Run(() => PipelineFiles.WriteData(outDir, result), cancellationToken);
        if (result.Slice is LandscapeSlice.OnPlane plane)
        {
            WriteAnalysis(outDir, result, plane);
        }

        var (viewFiles, drawn) = WriteViews(outDir, result, settings, cancellationToken);
        dataFiles.GetAwaiter().GetResult();
        JsonObject resolved, results;
        if (result.IsRace)
        {
            resolved = RunJson.RaceResolved(result);
            resolved["plotly_js"] = PlotlyJs.Version;
            results = RunJson.RaceResults(result, CompareFigure.ColorOf);
        }
        else
        {
            resolved = RunJson.RunResolved(result);
            resolved["plotly_js"] = PlotlyJs.Version;
            results = RunJson.RunResults(result);
        }

        foreach (var (key, value) in settings.Resolved)
        {
            resolved[key] = value?.DeepClone();
        }

        var seconds = result.IsRace
            ? RunJson.Seconds(result, writing.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds)
            : RunJson.RunSeconds(result, writing.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds);
        RunJson.Write(Path.Combine(outDir, "run.json"), settings.Command, settings.Options, resolved, results, seconds);
        return new RunOutputFiles(viewFiles, drawn);
    }

    /// <summary>analysis.json: the surface's critical points and valley, with a single path's curvature or each race path's under its label.</summary>
    private static void WriteAnalysis(string outDir, LandscapeResult result, LandscapeSlice.OnPlane plane)
    {
        var path = Path.Combine(outDir, "analysis.json");
        if (result.IsRace)
        {
            AnalysisFile.Write(path, plane.Analysis, [.. result.Paths.Select(p => (p.Entry.Label, p.PlaneCurvature))]);
        }
        else
        {
            AnalysisFile.Write(path, plane.Analysis, result.Paths[0].Curvature);
        }
    }

    private static (IReadOnlyList<string> Files, PlaneView? Drawn) WriteViews(string outDir, LandscapeResult result, RunOutputSettings settings, CancellationToken cancellationToken)
    {
        if (result.IsRace)
        {
            return result.Slice is LandscapeSlice.OnLine
                ? (RaceViews.WriteLine(outDir, result, settings, cancellationToken), null)
                : (RaceViews.Write(outDir, result, settings, cancellationToken), null);
        }

        var views = settings.Views;
        var single = result.Paths[0];
        var pathName = single.Entry.Label;
        if (result.Slice is not LandscapeSlice.OnPlane plane)
        {
            return (RunViews.WriteLine(outDir, result, views, settings.Mode, settings.Formats, settings.Exporter, pathName, cancellationToken), null);
        }

        var drawn = RunCurvatureViews.WithSharpness(RunViews.Drawn(plane.Surfaces, result.Directions, RunViews.MaxFigurePoints), single.Curvature, RunViews.MaxFigurePoints);
        var seedPath = RunCurvatureViews.WithSharpness(RunViews.SeedPath(result, pathName), single.Curvature, result.Directions.Kind);
        IReadOnlyList<string> files = RunViews.Write(outDir, plane.Analysis, drawn, seedPath, views, settings.Mode, settings.Formats, settings.Exporter, cancellationToken, single.Curvature, RunCurvatureViews.PathView(result, pathName), result.Options.PathIsGiven ? null : StabilityThreshold.For(result.Options.Optimizer.CreateOptimizer()));
        files = [.. files, .. AccuracyView.Write(outDir, result, pathName, views, settings.Mode, settings.Formats, settings.Exporter, cancellationToken)];
        return (files, drawn);
    }
}
