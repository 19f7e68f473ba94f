using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Optim;
using LossLandscape.Landscape;
using LossLandscape.Plotting;
using LossLandscape.Plotting.Export;
using Spectre.Console;

namespace LossLandscape.Cli.Commands;

/// <summary><c>losslandscape compare</c>: races optimizers from the same start on one surface.</summary>
public sealed class CompareCommand
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public CompareCommand(IAnsiConsole console)
    {
        _console = console;
    }

    /// <summary>Runs the command with the parsed <paramref name="settings"/>; returns the exit code.</summary>
    public int Execute(CompareSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var total = Stopwatch.StartNew();
        RunConfig.Apply(settings);
        if (settings.ExportOnnx is not null)
        {
            throw new UsageException("--export-onnx: compare trains one model per run; export one with run --export-onnx");
        }

        if (settings.Checkpoints is not null)
        {
            throw new UsageException("--checkpoints: compare trains one model per run; draw checkpoints with run --checkpoints");
        }

        using var graphs = ModelLoader.Use(new OnnxRuntimeGraphs());
        var options = settings.ToOptions(new OptimizerSettings());
        if (options.Graph is { } graph)
        {
            throw new UsageException($"--model: compare trains one model per run, and {graph.Description} is evaluated, not trained; draw it with run --checkpoints");
        }

        try
        {
            PipelineValidation.ValidateRace(options);
        }
        catch (InvalidOptionException e)
        {
            throw new UsageException(LandscapeOutput.Describe(e));
        }

        var entries = Entries(settings);
        var mode = settings.PlotlyJsMode();
        var views = settings.ToViewOptions();
        var formats = settings.ImageFormats();
        var browser = settings.ResolveBrowser();
        var raceSize = settings.FigureSize(CompareFigure.DefaultWidth, CompareFigure.DefaultHeight);
        using var exporter = LandscapeOutput.StartBrowser(browser, cancellationToken);
        using var folder = OutputDirectory.Prepare("--out", settings.Out);

        var result = LandscapeOutput.Compute(_console, progress => LandscapePipeline.Run(PipelineRequest.Race(options, entries), progress, cancellationToken));
        var onPlane = result.Slice as LandscapeSlice.OnPlane;
        var pathValues = result.Paths.SelectMany(p => p.Records).SelectMany(r => new[] { r.TestLoss, r.TrainLoss, r.LearningRate });
        if (LandscapeOutput.NonFiniteNote(onPlane?.Surface, onPlane is null ? pathValues.Concat(result.OnLine.Profile.TestLoss).Concat(result.OnLine.Profile.TrainLoss) : pathValues) is { } note)
        {
            _console.Profile.Out.Writer.WriteLine(note);
        }

        var resolved = new JsonObject
        {
            ["views"] = onPlane is null
                ? new JsonObject
                {
                    ["loss_scale"] = views.LogLoss ? "log10" : "linear",
                    ["line_size"] = new JsonArray(views.Width, views.Height),
                    ["images"] = Words(formats),
                    ["browser"] = browser,
                }
                : new JsonObject
                {
                    ["loss_scale"] = views.LogLoss ? "log10" : "linear",
                    ["animation"] = views.Animate,
                    ["compare_size"] = new JsonArray(raceSize.Width, raceSize.Height),
                    ["contour_size"] = new JsonArray(views.Width, views.Height),
                    ["images"] = Words(formats),
                    ["browser"] = browser,
                },
            ["runs"] = RunsGiven(settings),
        };
        var written = RunOutput.Write(
            folder.Path,
            result,
            new RunOutputSettings { Command = "compare", Options = RunManifest.Options(settings), Views = views, Mode = mode, Formats = formats, Exporter = exporter, RaceSize = raceSize, Resolved = resolved },
            total,
            cancellationToken);
        folder.Commit();

        if (onPlane is null)
        {
            var line = result.OnLine.Profile;
            var lowest = line.Lowest;
            var farthest = result.Paths.SelectMany(p => p.Projections).Max(p => p.Distance);
            var lineSummary = string.Create(
                CultureInfo.InvariantCulture,
                $"Line: {line.Alpha.Count} points in {result.SurfaceSeconds:0.000} s; lowest test loss {line.TestLoss[lowest]:0.####} at α = {line.Alpha[lowest]:0.###}; {result.Paths.Count} runs trained in {result.TrainingSeconds:0.000} s, their records up to {farthest:G4} from the line.");
            Report(result, lineSummary, null, [.. written.Views, "line.csv", "trajectories.csv"], folder.Target);
            return 0;
        }

        var surfaceLine = string.Create(
            CultureInfo.InvariantCulture,
            $"Surface: {onPlane.Surface.Axis1.Count} × {onPlane.Surface.Axis2.Count} grid in {result.SurfaceSeconds:0.000} s; {result.Paths.Count} runs trained in {result.TrainingSeconds:0.000} s.");
        Report(result, surfaceLine, RunViews.Summary(onPlane.Analysis), [.. written.Views, "trajectories.csv", "surface.json"], folder.Target);
        return 0;
    }

    /// <summary>The console's report: the surface (or line), one line per contestant, the analysis and the files.</summary>
    private void Report(LandscapeResult result, string first, string? analysis, IReadOnlyList<string> files, string target)
    {
        var output = _console.Profile.Out.Writer;
        output.WriteLine(first);
        var onLine = result.Slice is LandscapeSlice.OnLine;
        var width = result.Paths.Max(p => SafeText.Terminal(p.Entry.Label).Length);
        foreach (var path in result.Paths)
        {
            var last = path.Records[^1];
            var lastAt = path.Projections[^1];
            var leftNote = path.LeftSurface ? "; its path leaves the surface" : string.Empty;
            var at = onLine
                ? string.Create(CultureInfo.InvariantCulture, $"α = {lastAt.A:0.###} ({lastAt.Distance:G3} from the line)")
                : string.Create(CultureInfo.InvariantCulture, $"({lastAt.A:0.###}, {lastAt.B:0.###})");
            var outcome = path.Trajectory.Divergence is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"diverged in epoch {d.Epoch} at step {d.Step}; last finite test loss {last.TestLoss:0.####} after epoch {last.Epoch}")
                : string.Create(CultureInfo.InvariantCulture, $"test loss {last.TestLoss:0.####} at {at} after {last.Epoch} epochs");
            output.WriteLine($"  {SafeText.Terminal(path.Entry.Label).PadRight(width)}  {outcome}{leftNote}");
            if (RunCurvatureViews.Summary(path.Curvature) is { } curvature)
            {
                output.WriteLine($"  {new string(' ', width)}  {curvature}");
            }
        }

        if (analysis is not null)
        {
            output.WriteLine(analysis);
        }

        output.WriteLine($"Wrote {string.Join(", ", files)}, weights.npy, directions.json and run.json to {target}");
    }

    private static JsonArray Words(IReadOnlyList<ImageFormat> formats) =>
        new(formats.Select(f => (JsonNode?)JsonValue.Create(FigureExporter.Word(f))).ToArray());

    private static JsonArray RunsGiven(CompareSettings settings) =>
        new((settings.Runs is { Length: > 0 } given ? given : CompareSettings.DefaultRuns).Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());

    /// <summary>The contestants: every --run (or the default race), with the training options given outside --run as defaults.</summary>
    internal static IReadOnlyList<PathEntry> Entries(CompareSettings settings)
    {
        var specs = settings.Runs is { Length: > 0 } given ? given : null;
        if (specs is null)
        {
            if (settings.Values.IsGiven("optimizer"))
            {
                throw new UsageException("--optimizer: without --run, compare races the five optimizers; to race settings of one optimizer give --run values, e.g. --run \"adam --lr 0.01\" --run \"adam --lr 0.1\"");
            }

            if (settings.Values.IsGiven("lr"))
            {
                throw new UsageException("--lr: without --run, each optimizer runs at its usual rate; give --run values to choose rates, e.g. --run \"sgd --lr 0.1\"");
            }
        }

        var entries = (specs ?? CompareSettings.DefaultRuns).Select(spec => RunSpec.Parse(spec, settings)).ToArray();
        var duplicate = entries.GroupBy(e => e.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new UsageException($"--run: {duplicate.Count()} runs are labelled '{duplicate.Key}'; add label=NAME to tell them apart");
        }

        return entries;
    }
}
