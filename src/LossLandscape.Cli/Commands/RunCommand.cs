using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Optim;
using LossLandscape.Landscape;
using LossLandscape.Planes;
using LossLandscape.Platform;
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
        RunConfig.Apply(settings);
        using var graphs = ModelLoader.Use(new OnnxRuntimeGraphs());
        var options = settings.ToOptions();
        if (settings.ExportOnnx is { } exportTo)
        {
            // Checked before anything is computed or written: the file is written after the run.
            OutputFile.Check(exportTo, "export-onnx", settings.Out);
        }

        var mode = settings.PlotlyJsMode();
        var views = settings.ToViewOptions();
        var browser = settings.ResolveBrowser();
        using var exporter = LandscapeOutput.StartBrowser(browser, cancellationToken);
        using var folder = OutputDirectory.Prepare("--out", settings.Out);
        var outDir = folder.Path;

        var warmUp = RunViews.WarmUpAsync(views, mode);
        var result = LandscapeOutput.Compute(_console, progress => LandscapePipeline.Run(PipelineRequest.Single(options), progress, cancellationToken));

        warmUp.Wait(cancellationToken);
        var kind = result.Directions.Kind;
        var single = result.Paths[0];
        var records = single.Records;
        var onPlane = result.Slice as LandscapeSlice.OnPlane;
        if (LandscapeOutput.NonFiniteNote(onPlane?.Surface, records.SelectMany(r => new[] { r.TestLoss, r.TrainLoss, r.LearningRate }).Concat(single.Projections.SelectMany(p => new[] { p.A, p.B, p.Distance }))) is { } note)
        {
            _console.Profile.Out.Writer.WriteLine(note);
        }

        var output = _console.Profile.Out.Writer;
        var inv = CultureInfo.InvariantCulture;
        var written = RunOutput.Write(
            outDir,
            result,
            new RunOutputSettings { Command = "run", Options = RunManifest.Options(settings), Views = views, Mode = mode, Formats = settings.ImageFormats(), Exporter = exporter },
            total,
            cancellationToken);
        var viewFiles = written.Views;
        if (written.Drawn is { } drawn && onPlane?.Surface is { } surface && (drawn.First.Axis1.Count != surface.Axis1.Count || drawn.First.Axis2.Count != surface.Axis2.Count))
        {
            output.WriteLine(string.Create(
                inv,
                $"The figures draw the surface thinned to {drawn.First.Axis1.Count} × {drawn.First.Axis2.Count} points (every {SurfaceThinning.Stride(surface.Axis1.Count, MaxFigurePoints)} along {surface.Axis1Name}, every {SurfaceThinning.Stride(surface.Axis2.Count, MaxFigurePoints)} along {surface.Axis2Name}) of {surface.Axis1.Count} × {surface.Axis2.Count}; surface.json has every point."));
        }

        folder.Commit();
        if (settings.ExportOnnx is { } onnx)
        {
            Models.OnnxMlpExport.Write(onnx, result.Options.ModelSpec, records[^1].Parameters);
        }

        var first = records[0];
        var last = records[^1];
        var lastAt = single.Projections[^1];
        if (onPlane is not null)
        {
            var s = onPlane.Surface;
            var min = SurfaceMath.Minimum(s);
            output.WriteLine(string.Create(inv, $"Surface: {s.Axis1.Count} × {s.Axis2.Count} grid in {result.SurfaceSeconds:0.000} s; lowest {(onPlane.Surfaces.Test is null ? "value" : "test loss")} {min.Loss:0.####} at {s.Axis1Name} = {s.Axis1[min.I]:0.###}, {s.Axis2Name} = {s.Axis2[min.J]:0.###}."));
        }
        else
        {
            var line = result.OnLine.Profile;
            var lowest = Array.IndexOf(line.TestLoss, line.TestLoss.Min());
            output.WriteLine(string.Create(inv, $"Line: {line.Alpha.Count} points in {result.SurfaceSeconds:0.000} s; lowest test loss {line.TestLoss[lowest]:0.####} at α = {line.Alpha[lowest]:0.###}."));
        }

        var firstAt = single.Projections[0];
        output.WriteLine(single.Trajectory.Divergence is { } diverged
            ? string.Create(inv, $"Training: diverged in epoch {diverged.Epoch} at step {diverged.Step} after {result.TrainingSeconds:0.000} s; the path keeps {records.Count} record{(records.Count == 1 ? string.Empty : "s")}, from test loss {first.TestLoss:0.####} at ({firstAt.A:0.###}, {firstAt.B:0.###}) to {last.TestLoss:0.####} at ({lastAt.A:0.###}, {lastAt.B:0.###}) after epoch {last.Epoch}.")
            : result.Options.PathIsGiven
            ? string.Create(inv, $"Checkpoints: {records.Count} evaluated in {result.TrainingSeconds:0.000} s; from test loss {first.TestLoss:0.####} at ({firstAt.A:0.###}, {firstAt.B:0.###}) to {last.TestLoss:0.####} at ({lastAt.A:0.###}, {lastAt.B:0.###}).")
            : string.Create(inv, $"Training: {last.Step} steps, {records.Count} records in {result.TrainingSeconds:0.000} s; from test loss {first.TestLoss:0.####} at ({firstAt.A:0.###}, {firstAt.B:0.###}) to {last.TestLoss:0.####} at ({lastAt.A:0.###}, {lastAt.B:0.###})."));
        if (kind != PlaneKind.Weights)
        {
            output.WriteLine(string.Create(inv, $"Projection: the records lie up to {single.Projections.Max(p => p.Distance):G4} from the {PlaneNames.Name(kind)} {(kind == PlaneKind.Line ? "line" : "plane")} (mean {single.Projections.Average(p => p.Distance):G4}); trajectory.csv has each record's distance and the loss at its projection."));
        }

        if (result.Options.Graph is not null)
        {
            output.WriteLine("Analysis: none (ONNX Runtime gives losses, not the gradients the critical points and curvature are computed from).");
        }
        else if (onPlane?.Analysis is { } analysis)
        {
            output.WriteLine(RunViews.Summary(analysis));
        }

        if (RunCurvatureViews.Summary(single.Curvature) is { } curvatureSummary)
        {
            output.WriteLine(curvatureSummary);
        }

        var dataNames = onPlane is not null ? "surface.json, trajectory.csv" : "line.csv, trajectory.csv";
        output.WriteLine($"Wrote {string.Join(", ", viewFiles)}, {dataNames}, weights.npy, directions.json, data.csv and run.json to {folder.Target}");
        if (settings.ExportOnnx is { } exported)
        {
            output.WriteLine($"Wrote the trained model (epoch {last.Epoch}) as ONNX to {exported}");
        }

        return 0;
    }

    /// <summary>Most surface points per axis drawn in the figure (browsers cannot draw millions); larger surfaces are thinned.</summary>
    public const int MaxFigurePoints = RunViews.MaxFigurePoints;
}
