using LossLandscape.Landscape;
using Spectre.Console;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>
/// Shows a run's progress: a Spectre.Console progress bar on a terminal, plain lines (no escape codes) when redirected.
/// </summary>
public sealed class ConsoleProgress : IExperimentProgress
{
    private readonly IAnsiConsole _console;
    private readonly Dictionary<ExperimentStage, ProgressTask> _tasks = [];
    private readonly List<string> _notices = [];
    private readonly Lock _gate = new();
    private ProgressContext? _context;

    /// <summary>Creates a reporter writing to <paramref name="console"/>.</summary>
    public ConsoleProgress(IAnsiConsole console)
    {
        _console = console;
    }

    /// <summary>True when a live progress bar is drawn (an interactive terminal with ANSI support).</summary>
    public bool Live => _console.Profile.Capabilities.Interactive && _console.Profile.Capabilities.Ansi && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/> under a progress display, then prints the notices it raised.</summary>
    public T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Live)
        {
            return work();
        }

        var result = _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                _context = context;
                return work();
            });
        foreach (var notice in _notices)
        {
            _console.WriteLine(notice);
        }

        return result;
    }

    /// <inheritdoc />
    public void Start(ExperimentStage stage, int total)
    {
        lock (_gate)
        {
            if (_context is not null)
            {
                _tasks[stage] = _context.AddTask(Label(stage), maxValue: Math.Max(total, 1));
                if (total == 0)
                {
                    _tasks[stage].Value = 1;
                }
            }
        }
    }

    /// <inheritdoc />
    public void Advance(ExperimentStage stage)
    {
        lock (_gate)
        {
            if (_tasks.TryGetValue(stage, out var task))
            {
                task.Increment(1);
            }
        }
    }

    /// <inheritdoc />
    public void Notice(string message)
    {
        message = LandscapeOutput.Flags(message);
        lock (_gate)
        {
            if (_context is null)
            {
                _console.Profile.Out.Writer.WriteLine(message);
            }
            else if (message.StartsWith(CurvatureStage.EstimatePrefix, StringComparison.Ordinal))
            {
                // The time estimate is worth reading before the long computation, not after: above the live bars.
                _console.WriteLine(message);
            }
            else
            {
                _notices.Add(message);
            }
        }
    }

    private static string Label(ExperimentStage stage) => stage switch
    {
        ExperimentStage.Data => "data",
        ExperimentStage.Training => "training",
        ExperimentStage.Surface => "surface",
        ExperimentStage.Curvature => "curvature (path)",
        ExperimentStage.Sharpness => "sharpness map",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
