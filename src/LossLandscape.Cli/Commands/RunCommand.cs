using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Optim;
using LossLandscape.Plotting;
using LossLandscape.Surface;
using Spectre.Console;

namespace LossLandscape.Cli.Commands;

/// <summary><c>losslandscape run</c>: the seed experiment end to end.</summary>
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
        var options = settings.ToOptions();
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
        var rows = ResultFiles.Rows(result.Trajectory, result.Plane);
        var shown = SurfaceThinning.Thin(result.Surface, MaxFigurePoints);
        if (!ReferenceEquals(shown, result.Surface))
        {
            _console.Profile.Out.Writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"The figures draw the surface thinned to {shown.Axis1.Count} × {shown.Axis2.Count} points (every {SurfaceThinning.Stride(result.Surface.Axis1.Count, MaxFigurePoints)} along {shown.Axis1Name}, every {SurfaceThinning.Stride(result.Surface.Axis2.Count, MaxFigurePoints)} along {shown.Axis2Name}) of {result.Surface.Axis1.Count} × {result.Surface.Axis2.Count}; surface.json has every point."));
        }

        if (LandscapeOutput.NonFiniteNote(result.Surface, rows) is { } note)
        {
            _console.Profile.Out.Writer.WriteLine(note);
        }

        LandscapeOutput.WritePlotlyJs(outDir, mode);

        // The data files are independent of the views: write them on another core meanwhile.
        var dataFiles = Task.Run(
            () =>
            {
                ResultFiles.WriteSurfaceJson(Path.Combine(outDir, "surface.json"), result.Surface);
                ResultFiles.WriteTrajectoryCsv(Path.Combine(outDir, "trajectory.csv"), rows);
                ResultFiles.WriteDataCsv(Path.Combine(outDir, "data.csv"), result.Data, result.Split);
            },
            cancellationToken);

        // Views and analysis (issue 5): landscape.html, contour.html, analysis.json, optional PNG/SVG.
        var (analysis, viewFiles) = RunViews.Write(outDir, result, shown, SeedPath(rows, result), views, mode, settings.ImageFormats(), exporter, cancellationToken);
        dataFiles.GetAwaiter().GetResult();
        var writingSeconds = writing.Elapsed.TotalSeconds;

        RunManifest.Write(
            Path.Combine(outDir, "run.json"),
            "run",
            settings,
            Resolved(result),
            Results(result, rows),
            LandscapeOutput.Seconds(result, writingSeconds, total.Elapsed.TotalSeconds));
        folder.Commit();

        var last = rows[^1];
        var min = SurfaceMath.Minimum(result.Surface);
        var output = _console.Profile.Out.Writer;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Surface: {result.Surface.Axis1.Count} × {result.Surface.Axis2.Count} grid in {result.SurfaceSeconds:0.000} s; lowest test loss {min.Loss:0.####} at w1 = {result.Surface.Axis1[min.I]:0.###}, w2 = {result.Surface.Axis2[min.J]:0.###}."));
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(result.Trajectory.Divergence is { } diverged
            ? string.Create(inv, $"Training: diverged in epoch {diverged.Epoch} at step {diverged.Step} after {result.TrainingSeconds:0.000} s; the path keeps {rows.Count} record{(rows.Count == 1 ? string.Empty : "s")}, from test loss {rows[0].TestLoss:0.####} at ({rows[0].W1:0.###}, {rows[0].W2:0.###}) to {last.TestLoss:0.####} at ({last.W1:0.###}, {last.W2:0.###}) after epoch {last.Epoch}.")
            : string.Create(inv, $"Training: {last.Step} steps, {rows.Count} records in {result.TrainingSeconds:0.000} s; from test loss {rows[0].TestLoss:0.####} at ({rows[0].W1:0.###}, {rows[0].W2:0.###}) to {last.TestLoss:0.####} at ({last.W1:0.###}, {last.W2:0.###})."));
        output.WriteLine(RunViews.Summary(analysis));
        output.WriteLine($"Wrote {string.Join(", ", viewFiles)}, surface.json, trajectory.csv, data.csv and run.json to {folder.Target}");
        return 0;
    }

    /// <summary>Most surface points per axis drawn in the figure (browsers cannot draw millions); larger surfaces are thinned.</summary>
    public const int MaxFigurePoints = 500;

    /// <summary>The article's styling: a red line (width 2) with yellow markers (size 4).</summary>
    internal static PathView SeedPath(IReadOnlyList<ResultFiles.PathRow> rows, ExperimentResult result) => new()
    {
        Name = $"{OptimizerSettings.DisplayName(result.Options.Optimizer.Kind)} path",
        A = rows.Select(r => r.W1).ToArray(),
        B = rows.Select(r => r.W2).ToArray(),
        Loss = rows.Select(r => r.TestLoss).ToArray(),
        Epochs = rows.Select(r => r.Epoch).ToArray(),
        Steps = rows.Select(r => r.Step).ToArray(),
        DivergedNote = result.Trajectory.Divergence?.Reason,
    };

    private static JsonObject Resolved(ExperimentResult result)
    {
        var resolved = LandscapeOutput.Resolved(result);
        resolved["training"] = TrainingJson.Describe(result.Options.Optimizer, result.Options.Training.Epochs);
        resolved["loss"] = "exact mean squared error over the whole test set";
        resolved["surface_method"] = OptionValue.Word(SurfaceEvaluator.ChooseMethod(result.Network, result.Plane));
        resolved["plotly_js"] = PlotlyJs.Version;
        return resolved;
    }

    private static JsonObject Results(ExperimentResult result, IReadOnlyList<ResultFiles.PathRow> rows)
    {
        var last = rows[^1];
        return new JsonObject
        {
            ["surface_minimum"] = LandscapeOutput.SurfaceMinimum(result.Surface),
            ["final"] = new JsonObject
            {
                ["epoch"] = last.Epoch,
                ["step"] = last.Step,
                ["w1"] = last.W1,
                ["w2"] = last.W2,
                ["test_loss"] = last.TestLoss,
                ["train_loss"] = last.TrainLoss,
            },
            ["diverged"] = LandscapeOutput.Divergence(result.Trajectory),
        };
    }
}
