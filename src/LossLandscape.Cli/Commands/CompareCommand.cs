using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Optim;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
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
            Race.ValidateCurvature(options);
        }
        catch (InvalidOptionException e)
        {
            throw new UsageException(LandscapeOutput.Describe(e));
        }

        var entries = Entries(settings);
        var mode = settings.PlotlyJsMode();
        var views = settings.ToViewOptions();
        var sizes = CompareViews.Sizes(settings);
        var formats = settings.ImageFormats();
        var browser = settings.ResolveBrowser();
        using var exporter = LandscapeOutput.StartBrowser(browser, cancellationToken);
        using var folder = OutputDirectory.Prepare("--out", settings.Out);
        var outDir = folder.Path;

        var result = LandscapeOutput.Compute(_console, progress => Race.Run(options, entries, progress, cancellationToken));

        var writing = Stopwatch.StartNew();
        var stepsPerEpoch = (int)options.Training.StepsPerEpoch(result.Train.Count);
        var rows = result.Runs.Select((r, k) => Rows(r.Trajectory, result.Projections[k])).ToArray();
        if (result.Line is { } line)
        {
            if (LandscapeOutput.NonFiniteNote(null, result.Runs.SelectMany(r => r.Trajectory.Records).SelectMany(r => new[] { r.TestLoss, r.TrainLoss, r.LearningRate }).Concat(line.TestLoss).Concat(line.TrainLoss)) is { } lineNote)
            {
                _console.Profile.Out.Writer.WriteLine(lineNote);
            }

            LandscapeOutput.WritePlotlyJs(outDir, mode);
            var lineFiles = CompareLine.Write(outDir, result, views, mode, formats, exporter, cancellationToken);
            WriteData(outDir, result);
            var lineResolved = Resolved(result);
            lineResolved["views"] = new JsonObject
            {
                ["loss_scale"] = views.LogLoss ? "log10" : "linear",
                ["line_size"] = new JsonArray(views.Width, views.Height),
                ["images"] = new JsonArray(formats.Select(f => (JsonNode?)JsonValue.Create(FigureExporter.Word(f))).ToArray()),
                ["browser"] = browser,
            };
            lineResolved["runs"] = RunsGiven(settings);
            RunManifest.Write(Path.Combine(outDir, "run.json"), "compare", settings, lineResolved, Results(result, rows), LandscapeOutput.Seconds(result, writing.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds));
            folder.Commit();
            Report(result, rows, CompareLine.Summary(result), null, [.. lineFiles, "line.csv", "trajectories.csv"], folder.Target);
            return 0;
        }

        var paths = result.Runs.Select((run, k) => Drawn(run, rows[k], result, k, stepsPerEpoch)).ToArray();
        if (LandscapeOutput.NonFiniteNote(result.Surface, result.Runs.SelectMany(r => r.Trajectory.Records).SelectMany(r => new[] { r.TestLoss, r.TrainLoss, r.LearningRate })) is { } note)
        {
            _console.Profile.Out.Writer.WriteLine(note);
        }

        LandscapeOutput.WritePlotlyJs(outDir, mode);

        // Views and analysis for the race: compare.html, contour.html, analysis.json, optional PNG/SVG.
        var (analysis, viewFiles) = CompareViews.Write(outDir, result, paths, views, sizes, mode, formats, exporter, cancellationToken);
        PipelineFiles.WriteSurfaces(Path.Combine(outDir, "surface.json"), result.PlaneSurfaces);
        WriteData(outDir, result);
        var writingSeconds = writing.Elapsed.TotalSeconds;

        var seconds = LandscapeOutput.Seconds(result, writingSeconds, total.Elapsed.TotalSeconds);
        var resolved = Resolved(result);
        resolved["views"] = new JsonObject
        {
            ["loss_scale"] = views.LogLoss ? "log10" : "linear",
            ["animation"] = views.Animate,
            ["compare_size"] = new JsonArray(sizes.Race.Width, sizes.Race.Height),
            ["contour_size"] = new JsonArray(sizes.Contour.Width, sizes.Contour.Height),
            ["images"] = new JsonArray(formats.Select(f => (JsonNode?)JsonValue.Create(FigureExporter.Word(f))).ToArray()),
            ["browser"] = browser,
        };
        resolved["runs"] = RunsGiven(settings);
        RunManifest.Write(Path.Combine(outDir, "run.json"), "compare", settings, resolved, Results(result, rows), seconds);
        folder.Commit();

        var surfaceLine = string.Create(
            CultureInfo.InvariantCulture,
            $"Surface: {result.Surface!.Axis1.Count} × {result.Surface.Axis2.Count} grid in {result.SurfaceSeconds:0.000} s; {result.Runs.Count} runs trained in {result.TrainingSeconds:0.000} s.");
        Report(result, rows, surfaceLine, RunViews.Summary(analysis), [.. viewFiles, "trajectories.csv", "surface.json"], folder.Target);
        return 0;
    }

    /// <summary>The console's report: the surface (or line), one line per contestant, the analysis and the files.</summary>
    private void Report(RaceResult result, IReadOnlyList<ResultFiles.PathRow>[] rows, string first, string? analysis, IReadOnlyList<string> files, string target)
    {
        var output = _console.Profile.Out.Writer;
        output.WriteLine(first);
        var onLine = result.Line is not null;
        var width = result.Runs.Max(r => SafeText.Terminal(r.Entry.Label).Length);
        for (var k = 0; k < result.Runs.Count; k++)
        {
            var run = result.Runs[k];
            var last = rows[k][^1];
            var leftNote = run.LeftSurface ? "; its path leaves the surface" : string.Empty;
            var at = onLine
                ? string.Create(CultureInfo.InvariantCulture, $"α = {last.W1:0.###} ({result.Projections[k][^1].Distance:G3} from the line)")
                : string.Create(CultureInfo.InvariantCulture, $"({last.W1:0.###}, {last.W2:0.###})");
            var outcome = run.Trajectory.Divergence is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"diverged in epoch {d.Epoch} at step {d.Step}; last finite test loss {last.TestLoss:0.####} after epoch {last.Epoch}")
                : string.Create(CultureInfo.InvariantCulture, $"test loss {last.TestLoss:0.####} at {at} after {last.Epoch} epochs");
            output.WriteLine($"  {SafeText.Terminal(run.Entry.Label).PadRight(width)}  {outcome}{leftNote}");
            if (RunCurvatureViews.Summary(run.Curvature) is { } curvature)
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

    /// <summary>trajectories.csv, weights.npy and directions.json: what every race writes, on a plane or a line.</summary>
    private static void WriteData(string outDir, RaceResult result)
    {
        WriteTrajectories(Path.Combine(outDir, "trajectories.csv"), result);
        PipelineFiles.WriteWeights(Path.Combine(outDir, "weights.npy"), result.Runs.SelectMany(r => r.Trajectory.Records));
        DirectionsFile.Write(Path.Combine(outDir, "directions.json"), result.Directions);
    }

    private static JsonArray RunsGiven(CompareSettings settings) =>
        new((settings.Runs is { Length: > 0 } given ? given : CompareSettings.DefaultRuns).Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());

    /// <summary>One contestant as drawn; a path that left the surface is drawn up to its last record on it.</summary>
    private static RacePath Drawn(RaceRun run, IReadOnlyList<ResultFiles.PathRow> rows, RaceResult result, int index, int stepsPerEpoch)
    {
        var view = new PathView
        {
            Name = run.Entry.Label,
            A = rows.Select(r => r.W1).ToArray(),
            B = rows.Select(r => r.W2).ToArray(),
            Loss = rows.Select(r => r.TestLoss).ToArray(),
            TrainLoss = rows.Select(r => r.TrainLoss).ToArray(),
            Epochs = rows.Select(r => r.Epoch).ToArray(),
            Steps = rows.Select(r => r.Step).ToArray(),
        };
        if (result.Directions.Kind != PlaneKind.Weights)
        {
            view = RunViews.Projected(view, run.Trajectory.Records, result.Projections[index]);
        }

        var epochPosition = CompareFigure.EpochPositions(view.Steps, stepsPerEpoch);
        if (run.LeftSurface)
        {
            var onSurface = OnSurface(rows, result);
            return new RacePath
            {
                Label = run.Entry.Label,
                Path = view,
                EpochPosition = epochPosition,
                DrawnOnSurface = onSurface,
                Stop = "left the surface",
                StopNote = string.Create(CultureInfo.InvariantCulture, $"the path goes on to ({rows[^1].W1:G6}, {rows[^1].W2:G6}), too far for the surface"),
            };
        }

        return new RacePath
        {
            Label = run.Entry.Label,
            Path = view,
            EpochPosition = epochPosition,
            Stop = run.Trajectory.Divergence is null ? null : "diverged",
            StopNote = run.Trajectory.Divergence is { } d ? $"stopped in epoch {d.Epoch} at step {d.Step}: {d.Reason}" : null,
        };
    }

    /// <summary>How many of the first records lie on the surface's grid.</summary>
    private static int OnSurface(IReadOnlyList<ResultFiles.PathRow> rows, RaceResult result)
    {
        var w1 = result.Surface!.Axis1;
        var w2 = result.Surface.Axis2;
        var count = 0;
        while (count < rows.Count && rows[count].W1 >= w1[0] && rows[count].W1 <= w1[w1.Count - 1] && rows[count].W2 >= w2[0] && rows[count].W2 <= w2[w2.Count - 1])
        {
            count++;
        }

        return count;
    }

    /// <summary>The contestants: every --run (or the default race), with the training options given outside --run as defaults.</summary>
    internal static IReadOnlyList<RaceEntry> Entries(CompareSettings settings)
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

    /// <summary>trajectories.csv: <c>run,</c> then trajectory.csv's columns, run = the label.</summary>
    private static void WriteTrajectories(string path, RaceResult result)
    {
        var kind = result.Directions.Kind;
        var csv = new StringBuilder("run,").Append(PipelineFiles.TrajectoryHeader(kind)).Append(CompareCurvature.Header(result)).Append('\n');
        for (var k = 0; k < result.Runs.Count; k++)
        {
            var label = Csv(result.Runs[k].Entry.Label);
            var records = result.Runs[k].Trajectory.Records;
            var curvature = CurvatureJson.RowsByRecord(result.Runs[k].Curvature);
            for (var i = 0; i < records.Count; i++)
            {
                csv.Append(label).Append(',');
                PipelineFiles.AppendRow(csv, kind, records[i], result.Projections[k][i]);

                // The row ends with its line break; the curvature's cells go before it.
                csv.Length--;
                CompareCurvature.AppendCells(csv, result, curvature, i);
                csv.Append('\n');
            }
        }

        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>The rows of a trajectory at its records' plane coordinates.</summary>
    private static ResultFiles.PathRow[] Rows(Training.Trajectory trajectory, IReadOnlyList<RecordProjection> projections) =>
        trajectory.Records.Select((r, i) => new ResultFiles.PathRow(r.Epoch, r.Step, projections[i].A, projections[i].B, r.TestLoss, r.TrainLoss, r.LearningRate)).ToArray();

    /// <summary>
    /// A CSV field: quoted (with doubled quotes) when it holds a comma, quote or line break, and when it would start a
    /// spreadsheet formula (then also prefixed with an apostrophe: <see cref="SafeText.CsvCell"/>).
    /// </summary>
    internal static string Csv(string field)
    {
        var safe = SafeText.CsvCell(field);
        return safe != field || safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }

    private static JsonObject Resolved(RaceResult result)
    {
        var resolved = LandscapeOutput.Resolved(result);
        DataJson.AddTo(resolved, result);
        resolved["batch_order"] = result.Options.Training.Shuffle ? "shuffled each epoch with the shuffle seed, the same for every run" : "the split's order, the same for every run";
        resolved["plotly_js"] = PlotlyJs.Version;
        return resolved;
    }

    private static JsonObject Results(RaceResult result, IReadOnlyList<ResultFiles.PathRow>[] rows)
    {
        var runs = new JsonArray();
        for (var k = 0; k < result.Runs.Count; k++)
        {
            var run = result.Runs[k];
            var last = rows[k][^1];
            var final = result.Line is null
                ? new JsonObject { ["epoch"] = last.Epoch, ["step"] = last.Step, ["w1"] = last.W1, ["w2"] = last.W2 }
                : new JsonObject { ["epoch"] = last.Epoch, ["step"] = last.Step, ["alpha"] = last.W1, ["distance"] = result.Projections[k][^1].Distance };
            final["test_loss"] = last.TestLoss;
            final["train_loss"] = last.TrainLoss;
            final["lr"] = last.LearningRate;
            var entry = new JsonObject
            {
                ["label"] = run.Entry.Label,
                ["color"] = CompareFigure.ColorOf(k),
                ["training"] = TrainingJson.Describe(run.Entry.Optimizer, result.Options.Training.Epochs),
                ["final"] = final,
                ["diverged"] = LandscapeOutput.Divergence(run.Trajectory),
            };
            if (result.Line is null)
            {
                entry["left_surface"] = run.LeftSurface;
            }

            if (CompareCurvature.RunBlock(run) is { } fullHessian)
            {
                entry["full_hessian"] = fullHessian;
            }

            entry["training_seconds"] = run.TrainingSeconds;
            runs.Add((JsonNode)entry);
        }

        var results = result.Line is null
            ? new JsonObject { ["surface_minimum"] = LandscapeOutput.SurfaceMinimum(result.Surface!), ["runs"] = runs }
            : new JsonObject { ["line_minimum"] = CompareLine.Minimum(result), ["runs"] = runs };
        if (CompareCurvature.Settings(result) is { } settings)
        {
            results["full_hessian"] = settings;
        }

        return results;
    }
}
