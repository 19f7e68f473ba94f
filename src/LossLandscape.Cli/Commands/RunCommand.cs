using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Optim;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.Plotting;
using LossLandscape.Surface;
using Spectre.Console;

namespace LossLandscape.Cli.Commands;

/// <summary><c>losslandscape run</c>: parses the options, calls the pipeline once and writes its files.</summary>
public sealed class RunCommand
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public RunCommand(IAnsiConsole console)
    {
        _console = console;
    }

    /// <summary>Runs the command with the parsed <paramref name="settings"/>; returns the exit code.</summary>
    public int Execute(RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var total = Stopwatch.StartNew();
        settings = RunConfig.Apply(settings);
        var options = settings.ToOptions();
        using var evaluated = options.Evaluated as IDisposable;
        var mode = settings.PlotlyJsMode();
        var views = settings.ToViewOptions();
        var browser = settings.ResolveBrowser();
        using var exporter = LandscapeOutput.StartBrowser(browser, cancellationToken);
        using var folder = OutputDirectory.Prepare("--out", settings.Out);
        var outDir = folder.Path;

        var warmUp = RunViews.WarmUpAsync(views, mode);
        var result = LandscapeOutput.Compute(_console, progress => Experiment.Run(options, progress, cancellationToken));

        var writing = Stopwatch.StartNew();
        warmUp.Wait(cancellationToken);
        var kind = result.Directions.Kind;
        var records = result.Trajectory.Records;
        var pathName = result.Options.PathIsGiven ? "checkpoints" : $"{OptimizerSettings.DisplayName(result.Options.Optimizer.Kind)} path";
        if (LandscapeOutput.NonFiniteNote(result.Surface, records.SelectMany(r => new[] { r.TestLoss, r.TrainLoss, r.LearningRate }).Concat(result.Projections.SelectMany(p => new[] { p.A, p.B, p.Distance }))) is { } note)
        {
            _console.Profile.Out.Writer.WriteLine(note);
        }

        LandscapeOutput.WritePlotlyJs(outDir, mode);

        // The data files are independent of the views: write them on another core meanwhile.
        var dataFiles = Task.Run(
            () =>
            {
                if (result.Surfaces is { } computed)
                {
                    PipelineFiles.WriteSurfaces(Path.Combine(outDir, "surface.json"), computed, result.Curvature?.Map?.Surface);
                }

                if (result.Line is { } line)
                {
                    PipelineFiles.WriteLine(Path.Combine(outDir, "line.csv"), line);
                }

                PipelineFiles.WriteTrajectory(Path.Combine(outDir, "trajectory.csv"), kind, records, result.Projections);
                PipelineFiles.WriteWeights(Path.Combine(outDir, "weights.npy"), records);
                DirectionsFile.Write(Path.Combine(outDir, "directions.json"), result.Directions);
                ResultFiles.WriteDataCsv(Path.Combine(outDir, "data.csv"), result.Data, result.Split);
            },
            cancellationToken);

        IReadOnlyList<string> viewFiles;
        var output = _console.Profile.Out.Writer;
        var inv = CultureInfo.InvariantCulture;
        if (result.Line is not null)
        {
            viewFiles = RunViews.WriteLine(outDir, result, views, mode, settings.ImageFormats(), exporter, pathName, cancellationToken);
        }
        else
        {
            var drawn = RunCurvatureViews.WithSharpness(RunViews.Drawn(result.Surfaces!, result.Directions, MaxFigurePoints), result.Curvature, MaxFigurePoints);
            var surface = result.Surface!;
            if (drawn.First.Axis1.Count != surface.Axis1.Count || drawn.First.Axis2.Count != surface.Axis2.Count)
            {
                output.WriteLine(string.Create(
                    inv,
                    $"The figures draw the surface thinned to {drawn.First.Axis1.Count} × {drawn.First.Axis2.Count} points (every {SurfaceThinning.Stride(surface.Axis1.Count, MaxFigurePoints)} along {surface.Axis1Name}, every {SurfaceThinning.Stride(surface.Axis2.Count, MaxFigurePoints)} along {surface.Axis2Name}) of {surface.Axis1.Count} × {surface.Axis2.Count}; surface.json has every point."));
            }

            var path = RunCurvatureViews.WithSharpness(SeedPath(result, pathName), result.Curvature, kind);
            viewFiles = RunViews.Write(outDir, result.Analysis!, drawn, path, views, mode, settings.ImageFormats(), exporter, cancellationToken, result.Curvature, RunCurvatureViews.PathView(result, pathName));
            viewFiles = [.. viewFiles, .. AccuracyView.Write(outDir, result, pathName, views, mode, settings.ImageFormats(), exporter, cancellationToken)];
        }

        dataFiles.GetAwaiter().GetResult();
        var writingSeconds = writing.Elapsed.TotalSeconds;

        var seconds = LandscapeOutput.Seconds(result, writingSeconds, total.Elapsed.TotalSeconds);
        seconds["analysis"] = result.AnalysisSeconds;
        if (result.Curvature is { } timed)
        {
            seconds["curvature"] = timed.PathSeconds;
            seconds["sharpness_map"] = timed.MapSeconds;
        }

        RunManifest.Write(Path.Combine(outDir, "run.json"), "run", settings, Resolved(result), Results(result), seconds);
        folder.Commit();
        if (settings.ExportOnnx is { } onnx)
        {
            Models.OnnxMlpExport.Write(onnx, result.Options.ModelSpec, records[^1].Parameters);
        }

        var first = records[0];
        var last = records[^1];
        var lastAt = result.Projections[^1];
        if (result.Surface is { } s)
        {
            var min = SurfaceMath.Minimum(s);
            output.WriteLine(string.Create(inv, $"Surface: {s.Axis1.Count} × {s.Axis2.Count} grid in {result.SurfaceSeconds:0.000} s; lowest {(result.Surfaces!.Test is null ? "value" : "test loss")} {min.Loss:0.####} at {s.Axis1Name} = {s.Axis1[min.I]:0.###}, {s.Axis2Name} = {s.Axis2[min.J]:0.###}."));
        }
        else
        {
            var line = result.Line!;
            var lowest = Array.IndexOf(line.TestLoss, line.TestLoss.Min());
            output.WriteLine(string.Create(inv, $"Line: {line.Alpha.Count} points in {result.SurfaceSeconds:0.000} s; lowest test loss {line.TestLoss[lowest]:0.####} at α = {line.Alpha[lowest]:0.###}."));
        }

        var firstAt = result.Projections[0];
        output.WriteLine(result.Trajectory.Divergence is { } diverged
            ? string.Create(inv, $"Training: diverged in epoch {diverged.Epoch} at step {diverged.Step} after {result.TrainingSeconds:0.000} s; the path keeps {records.Count} record{(records.Count == 1 ? string.Empty : "s")}, from test loss {first.TestLoss:0.####} at ({firstAt.A:0.###}, {firstAt.B:0.###}) to {last.TestLoss:0.####} at ({lastAt.A:0.###}, {lastAt.B:0.###}) after epoch {last.Epoch}.")
            : result.Options.PathIsGiven
            ? string.Create(inv, $"Checkpoints: {records.Count} evaluated in {result.TrainingSeconds:0.000} s; from test loss {first.TestLoss:0.####} at ({firstAt.A:0.###}, {firstAt.B:0.###}) to {last.TestLoss:0.####} at ({lastAt.A:0.###}, {lastAt.B:0.###}).")
            : string.Create(inv, $"Training: {last.Step} steps, {records.Count} records in {result.TrainingSeconds:0.000} s; from test loss {first.TestLoss:0.####} at ({firstAt.A:0.###}, {firstAt.B:0.###}) to {last.TestLoss:0.####} at ({lastAt.A:0.###}, {lastAt.B:0.###})."));
        if (kind != PlaneKind.Weights)
        {
            output.WriteLine(string.Create(inv, $"Projection: the records lie up to {result.Projections.Max(p => p.Distance):G4} from the {PlaneNames.Name(kind)} {(kind == PlaneKind.Line ? "line" : "plane")} (mean {result.Projections.Average(p => p.Distance):G4}); trajectory.csv has each record's distance and the loss at its projection."));
        }

        if (result.Options.Evaluated is not null)
        {
            output.WriteLine("Analysis: none (ONNX Runtime gives losses, not the gradients the critical points and curvature are computed from).");
        }
        else if (result.Analysis is { } analysis)
        {
            output.WriteLine(RunViews.Summary(analysis));
        }

        if (RunCurvatureViews.Summary(result.Curvature) is { } curvatureSummary)
        {
            output.WriteLine(curvatureSummary);
        }

        var dataNames = result.Line is null ? "surface.json, trajectory.csv" : "line.csv, trajectory.csv";
        output.WriteLine($"Wrote {string.Join(", ", viewFiles)}, {dataNames}, weights.npy, directions.json, data.csv and run.json to {folder.Target}");
        if (settings.ExportOnnx is { } exported)
        {
            output.WriteLine($"Wrote the trained model (epoch {last.Epoch}) as ONNX to {exported}");
        }

        return 0;
    }

    /// <summary>Most surface points per axis drawn in the figure (browsers cannot draw millions); larger surfaces are thinned.</summary>
    public const int MaxFigurePoints = 500;

    /// <summary>
    /// The article's styling: a red line (width 2) with yellow markers (size 4), at the records' plane coordinates; on
    /// a plane other than the weights plane with each record's distance and the surfaces' losses at its projection.
    /// </summary>
    internal static PathView SeedPath(ExperimentResult result, string name)
    {
        var records = result.Trajectory.Records;
        var path = new PathView
        {
            Name = name,
            A = result.Projections.Select(p => p.A).ToArray(),
            B = result.Projections.Select(p => p.B).ToArray(),
            Loss = records.Select(r => r.TestLoss).ToArray(),
            Epochs = records.Select(r => r.Epoch).ToArray(),
            Steps = records.Select(r => r.Step).ToArray(),
            DivergedNote = result.Trajectory.Divergence?.Reason,
        };
        if (result.Directions.Kind != PlaneKind.Weights)
        {
            return RunViews.Projected(path, records, result.Projections);
        }

        // The weights plane holds every record: only the training loss is added, when a surface needs it.
        return result.Options.Surfaces == SurfaceQuantities.Test ? path : path with { TrainLoss = records.Select(r => r.TrainLoss).ToArray() };
    }

    private static JsonObject Resolved(ExperimentResult result)
    {
        var resolved = LandscapeOutput.Resolved(result);
        resolved["training"] = result.Options.PathIsGiven ? "none: the path is the checkpoints (or the model's own weights), evaluated" : TrainingJson.Describe(result.Options.Optimizer, result.Options.Training.Epochs);
        DataJson.AddTo(resolved, result);
        resolved["model"] = result.Options.Evaluated?.Description ?? result.Options.ModelSpec.ToString();
        resolved["plane"] = PlaneNames.Name(result.Directions.Kind);
        if (result.Network is { } network && result.Plane is { } plane)
        {
            resolved["surface_method"] = OptionValue.Word(SurfaceEvaluator.ChooseMethod(network, plane));
        }

        resolved["plotly_js"] = PlotlyJs.Version;
        return resolved;
    }

    private static JsonObject Results(ExperimentResult result)
    {
        var records = result.Trajectory.Records;
        var last = records[^1];
        var at = result.Projections[^1];
        var final = new JsonObject
        {
            ["epoch"] = last.Epoch,
            ["step"] = last.Step,
        };
        if (result.Directions.Kind == PlaneKind.Weights)
        {
            final["w1"] = at.A;
            final["w2"] = at.B;
        }
        else
        {
            final["a"] = at.A;
            final["b"] = at.B;
            final["distance"] = at.Distance;
        }

        final["test_loss"] = last.TestLoss;
        final["train_loss"] = last.TrainLoss;
        var results = new JsonObject();
        if (result.Surface is { } surface)
        {
            results["surface_minimum"] = LandscapeOutput.SurfaceMinimum(surface);
        }

        results["final"] = final;
        results["max_distance"] = result.Projections.Max(p => p.Distance);
        results["diverged"] = LandscapeOutput.Divergence(result.Trajectory);
        return results;
    }
}
