using System.Text.Json.Nodes;
using LossLandscape.Files;
using LossLandscape.Landscape;
using LossLandscape.Plotting;
using LossLandscape.Plotting.Export;
using LossLandscape.Surface;
using LossLandscape.Training;
using Spectre.Console;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>The parts the run and compare commands share: running the library under progress, and their output files.</summary>
public static class LandscapeOutput
{
    /// <summary>
    /// Runs <paramref name="work"/> under a console progress display; an invalid option it reports becomes a
    /// <see cref="UsageException"/> naming the option.
    /// </summary>
    public static T Compute<T>(IAnsiConsole console, Func<IExperimentProgress, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var progress = new ConsoleProgress(console);
        try
        {
            return progress.Run(() => work(progress));
        }
        catch (InvalidOptionException e)
        {
            throw new UsageException(Describe(e));
        }
    }

    /// <summary>The core's message with the options it names («name») spelled as flags.</summary>
    public static string Flags(string message) => OptionText.Render(message, name => "--" + name);

    /// <summary>"--option: message" for an option the core refused, every option in the message spelled as a flag.</summary>
    public static string Describe(InvalidOptionException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"{OptionName(e.Option)}: {Flags(e.Message)}";
    }

    /// <summary>The command-line option for a field the core names (<c>points</c> is part of <c>--plane</c>).</summary>
    public static string OptionName(string field) => field switch
    {
        "points" => "--plane",
        _ => "--" + field,
    };

    /// <summary>
    /// Starts the browser for the PNG/SVG export before anything is computed or written (null when no images are
    /// asked for); one that cannot start becomes a <see cref="UsageException"/> naming --browser and the path.
    /// </summary>
    public static FigureExporter? StartBrowser(string? browser, CancellationToken cancellationToken)
    {
        if (browser is null)
        {
            return null;
        }

        try
        {
            return FigureExporter.LaunchAsync(browser, cancellationToken: cancellationToken).GetAwaiter().GetResult();
        }
        catch (BrowserStartException e)
        {
            throw new UsageException($"--browser: {e.Message}", e);
        }
    }

    /// <summary>Writes plotly.js next to the pages when they load it from their directory.</summary>
    public static void WritePlotlyJs(string outDir, PlotlyJsMode mode) => RunOutput.WritePlotlyJs(outDir, mode);

    /// <summary>The resolved values every run.json starts with: the final grid, the shuffle seed and the sizes.</summary>
    public static JsonObject Resolved(LandscapeResult result) => RunJson.Resolved(result);

    /// <summary>
    /// One line saying how many numbers overflowed (NaN or ±∞) and how they are written, or null when all are finite.
    /// </summary>
    public static string? NonFiniteNote(LossSurface surface, IEnumerable<ResultFiles.PathRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return NonFiniteNote(surface, rows.SelectMany(r => new[] { r.W1, r.W2, r.TestLoss, r.TrainLoss, r.LearningRate }));
    }

    /// <summary>
    /// One line saying how many numbers overflowed (NaN or ±∞) and how they are written, or null when all are finite.
    /// </summary>
    public static string? NonFiniteNote(LossSurface? surface, IEnumerable<double> pathValues)
    {
        ArgumentNullException.ThrowIfNull(pathValues);
        var onSurface = surface is null ? 0 : Numbers.CountNonFinite(surface.Values);
        var onPath = pathValues.Count(v => !double.IsFinite(v));
        return onSurface + onPath == 0
            ? null
            : $"note: {onSurface} surface values and {onPath} path values are not finite (overflow); they are written as null in JSON and nan in CSV, and the figures leave gaps there.";
    }

    /// <summary>The seconds per stage for run.json.</summary>
    public static Dictionary<string, double> Seconds(LandscapeResult result, double writingSeconds, double totalSeconds) => RunJson.Seconds(result, writingSeconds, totalSeconds);

    /// <summary>The surface's lowest grid point: <c>{ w1, w2, loss }</c>.</summary>
    public static JsonObject SurfaceMinimum(LossSurface surface) => RunJson.SurfaceMinimum(surface);

    /// <summary>Where training diverged, <c>{ epoch, step, reason }</c>, or null when it did not.</summary>
    public static JsonObject? Divergence(Trajectory trajectory) => RunJson.Divergence(trajectory);
}
