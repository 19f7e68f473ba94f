using System.Globalization;
using System.Text.Json.Nodes;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Pipeline;
using LossLandscape.Plotting;
using LossLandscape.Plotting.Export;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// The files of a race along a line (<c>compare --plane line</c>): line.csv (both losses along the line), line.html
/// (the curves with every contestant's records at their projections, in its colour) and, when asked, line.png/.svg.
/// The line runs from the shared start to the first contestant's last record unless --from/--to name weight files.
/// </summary>
internal static class CompareLine
{
    /// <summary>The title of line.html.</summary>
    public const string Title = "Optimizer race along a line";

    /// <summary>Writes line.csv and line.html (and images); returns the view files written, in order.</summary>
    public static IReadOnlyList<string> Write(string outDir, RaceResult result, ViewOptions options, PlotlyJsMode mode, IReadOnlyList<ImageFormat> formats, FigureExporter? exporter, CancellationToken cancellationToken)
    {
        var line = result.Line!;
        PipelineFiles.WriteLine(Path.Combine(outDir, "line.csv"), line);
        var view = View(result);
        var runs = Runs(result);
        AtomicFile.WriteAllText(Path.Combine(outDir, "line.html"), HtmlPage.Render(Title, mode, LineFigure.BuildRace(view, runs, options)));
        var files = new List<string> { "line.html" };
        if (formats.Count > 0 && exporter is not null)
        {
            var still = LineFigure.BuildRace(view, runs, options with { Animate = false });
            exporter.ExportAsync(still, Path.Combine(outDir, "line"), formats, options.Width, options.Height, cancellationToken).GetAwaiter().GetResult();
            files.AddRange(formats.Select(x => $"line.{FigureExporter.Word(x)}"));
        }

        return files;
    }

    /// <summary>What α = 0 and α = 1 are, and the curves along the line.</summary>
    public static LineView View(RaceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = result.Line!;
        var first = result.Runs[0];
        return new LineView
        {
            Alpha = line.Alpha.Values.ToArray(),
            TestLoss = line.TestLoss,
            TrainLoss = line.TrainLoss,
            FromLabel = result.Options.Plane?.From?.Describe() ?? "the shared start (epoch 0)",
            ToLabel = result.Options.Plane?.To?.Describe() ?? $"{first.Entry.Label}'s last record (epoch {first.Trajectory.Records[^1].Epoch})",
            PathName = first.Entry.Label,
        };
    }

    /// <summary>Every contestant's records on the line, in its race colour.</summary>
    public static IReadOnlyList<LineRun> Runs(RaceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Runs.Select((run, k) =>
        {
            var records = run.Trajectory.Records;
            var projections = result.Projections[k];
            return new LineRun(run.Entry.Label, CompareFigure.ColorOf(k), new LineRecords
            {
                Alpha = projections.Select(p => p.A).ToArray(),
                Epochs = records.Select(r => r.Epoch).ToArray(),
                Steps = records.Select(r => r.Step).ToArray(),
                Distance = projections.Select(p => p.Distance).ToArray(),
                TestLoss = records.Select(r => r.TestLoss).ToArray(),
                TrainLoss = records.Select(r => r.TrainLoss).ToArray(),
            });
        }).ToArray();
    }

    /// <summary>The line's lowest test loss for run.json: <c>{ alpha, loss }</c>.</summary>
    public static JsonObject Minimum(RaceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = result.Line!;
        var lowest = Lowest(line);
        return new JsonObject { ["alpha"] = line.Alpha[lowest], ["loss"] = line.TestLoss[lowest] };
    }

    /// <summary>The console's line on the line: its points, time and lowest test loss.</summary>
    public static string Summary(RaceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = result.Line!;
        var lowest = Lowest(line);
        var farthest = result.Projections.SelectMany(p => p).Max(p => p.Distance);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Line: {line.Alpha.Count} points in {result.SurfaceSeconds:0.000} s; lowest test loss {line.TestLoss[lowest]:0.####} at α = {line.Alpha[lowest]:0.###}; {result.Runs.Count} runs trained in {result.TrainingSeconds:0.000} s, their records up to {farthest:G4} from the line.");
    }

    private static int Lowest(LineProfile line)
    {
        var lowest = 0;
        for (var i = 1; i < line.TestLoss.Length; i++)
        {
            if (!double.IsFinite(line.TestLoss[lowest]) || line.TestLoss[i] < line.TestLoss[lowest])
            {
                lowest = i;
            }
        }

        return lowest;
    }
}
