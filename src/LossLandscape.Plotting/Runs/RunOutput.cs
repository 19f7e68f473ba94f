using System.Diagnostics;
using System.Text.Json.Nodes;
using LossLandscape.Curvature;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Optim;
using LossLandscape.Pipeline;
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
}

/// <summary>What <see cref="RunOutput.Write"/> wrote: the views' file names, and the surfaces as the figures draw them (null for a line).</summary>
public sealed record RunOutputFiles(IReadOnlyList<string> Views, PlaneView? Drawn);

/// <summary>
/// Writes a run's folder — the data files, analysis.json, the HTML views (and images), plotly.js when the pages load
/// it from the folder, and run.json — from an <see cref="ExperimentResult"/>. <c>losslandscape run</c> and the lab's
/// download both call it, so they write the same files.
/// </summary>
public static class RunOutput
{
    /// <summary>The data files: surface.json (or line.csv), trajectory.csv, weights.npy, directions.json and data.csv.</summary>
    public static void WriteData(string outDir, ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Surfaces is { } computed)
        {
            PipelineFiles.WriteSurfaces(Path.Combine(outDir, "surface.json"), computed, result.Curvature?.Map?.Surface);
        }

        if (result.Line is { } line)
        {
            PipelineFiles.WriteLine(Path.Combine(outDir, "line.csv"), line);
        }

        var records = result.Trajectory.Records;
        PipelineFiles.WriteTrajectory(Path.Combine(outDir, "trajectory.csv"), result.Directions.Kind, records, result.Projections);
        PipelineFiles.WriteWeights(Path.Combine(outDir, "weights.npy"), records);
        DirectionsFile.Write(Path.Combine(outDir, "directions.json"), result.Directions);
        ResultFiles.WriteDataCsv(Path.Combine(outDir, "data.csv"), result.Data, result.Split);
    }

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
    public static RunOutputFiles Write(string outDir, ExperimentResult result, RunOutputSettings settings, Stopwatch total, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(total);
        var writing = Stopwatch.StartNew();
        var views = settings.Views;
        var pathName = result.Options.PathIsGiven ? "checkpoints" : $"{OptimizerSettings.DisplayName(result.Options.Optimizer.Kind)} path";
        WritePlotlyJs(outDir, settings.Mode);

        // The data files are independent of the views: write them on another core meanwhile.
        var dataFiles = Task.Run(() => WriteData(outDir, result), cancellationToken);

        IReadOnlyList<string> viewFiles;
        PlaneView? drawn = null;
        if (result.Line is not null)
        {
            viewFiles = RunViews.WriteLine(outDir, result, views, settings.Mode, settings.Formats, settings.Exporter, pathName, cancellationToken);
        }
        else
        {
            drawn = RunCurvatureViews.WithSharpness(RunViews.Drawn(result.Surfaces!, result.Directions, RunViews.MaxFigurePoints), result.Curvature, RunViews.MaxFigurePoints);
            var path = RunCurvatureViews.WithSharpness(RunViews.SeedPath(result, pathName), result.Curvature, result.Directions.Kind);
            viewFiles = RunViews.Write(outDir, result.Analysis!, drawn, path, views, settings.Mode, settings.Formats, settings.Exporter, cancellationToken, result.Curvature, RunCurvatureViews.PathView(result, pathName), result.Options.PathIsGiven ? null : StabilityThreshold.For(result.Options.Optimizer.CreateOptimizer()));
            viewFiles = [.. viewFiles, .. AccuracyView.Write(outDir, result, pathName, views, settings.Mode, settings.Formats, settings.Exporter, cancellationToken)];
        }

        dataFiles.GetAwaiter().GetResult();
        var resolved = RunJson.RunResolved(result);
        resolved["plotly_js"] = PlotlyJs.Version;
        var seconds = RunJson.RunSeconds(result, writing.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds);
        RunJson.Write(Path.Combine(outDir, "run.json"), settings.Command, settings.Options, resolved, RunJson.RunResults(result), seconds);
        return new RunOutputFiles(viewFiles, drawn);
    }
}
