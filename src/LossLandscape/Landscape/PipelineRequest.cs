using LossLandscape.Experiments;
using LossLandscape.Optim;

namespace LossLandscape.Landscape;

/// <summary>One path to draw: its label (legends, trajectories.csv) and the optimizer and schedule that train it.</summary>
/// <param name="Label">The name in legends and files.</param>
/// <param name="Optimizer">The optimizer and schedule.</param>
public sealed record PathEntry(string Label, OptimizerSettings Optimizer);

/// <summary>What the pipeline is asked for: the settings and one or more paths. A run is a race of one.</summary>
public sealed record PipelineRequest
{
    private PipelineRequest(ExperimentOptions options, IReadOnlyList<PathEntry> paths, bool isRace)
    {
        Options = options;
        Paths = paths;
        IsRace = isRace;
    }

    /// <summary>The shared settings: data, model, start, plane, grid, training, curvature.</summary>
    public ExperimentOptions Options { get; }

    /// <summary>The paths in order; every one starts from the same point and sees the same batches.</summary>
    public IReadOnlyList<PathEntry> Paths { get; }

    /// <summary>True for a race: a path too far to cover is left off the surface, and the folder is a race's.</summary>
    public bool IsRace { get; }

    /// <summary>One path trained with the options' optimizer (or the options' checkpoints): what <c>run</c> draws.</summary>
    public static PipelineRequest Single(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PipelineRequest(options, [new PathEntry(PathName(options), options.Optimizer)], false);
    }

    /// <summary>Several optimizers raced from the same start on one surface: what <c>compare</c> draws.</summary>
    public static PipelineRequest Race(ExperimentOptions options, IReadOnlyList<PathEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new InvalidOptionException("run", "a race needs at least one run");
        }

        return new PipelineRequest(options, [.. entries], true);
    }

    /// <summary>The name of a single path in legends: "checkpoints", or the optimizer's name and "path".</summary>
    public static string PathName(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PathIsGiven ? "checkpoints" : $"{OptimizerSettings.DisplayName(options.Optimizer.Kind)} path";
    }

    /// <summary>The options a path's own stages use: the shared ones with the path's optimizer.</summary>
    public ExperimentOptions OptionsOf(PathEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Options with { Optimizer = entry.Optimizer };
    }
}
