using System.Diagnostics;

namespace LossLandscape.Landscape;

/// <summary>
/// The training stage: every path trained from the same start with its own optimizer, on the same data and with the same
/// batch order (the same shuffle seed); or, for a model that is sliced rather than trained, its checkpoints evaluated.
/// A path that diverges is stopped at its last finite record and kept; the others go on.
/// </summary>
internal static class TrainingStage
{
    /// <summary>Trains (or evaluates) every path of <paramref name="request"/> from <paramref name="initial"/>; projections come later.</summary>
    public static IReadOnlyList<LandscapePath> Run(StageContext context, PipelineRequest request, double[] initial)
    {
        var options = context.Options;
        var progress = context.Progress;
        var checkpoints = options.PathIsGiven ? CheckpointPath.Of(options, initial) : null;
        progress?.Start(ExperimentStage.Training, checkpoints?.Count ?? options.Training.Epochs * request.Paths.Count);
        var paths = new List<LandscapePath>(request.Paths.Count);
        foreach (var entry in request.Paths)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var trajectory = checkpoints is null
                ? context.Setup.TrainFrom(initial, entry.Optimizer, options.Training, progress)
                : CheckpointPath.Evaluate(context.Model, checkpoints, context.Train, context.Test, () => progress?.Advance(ExperimentStage.Training));
            if (trajectory.Divergence is { } d)
            {
                progress?.Notice(request.IsRace
                    ? $"warning: run '{entry.Label}' diverged in epoch {d.Epoch} at step {d.Step} ({d.Reason}); it was stopped there and its path ends at the last finite record"
                    : $"warning: training diverged in epoch {d.Epoch} at step {d.Step} ({d.Reason}); the path stops at the last finite record");
                for (var skipped = d.Epoch; skipped < options.Training.Epochs; skipped++)
                {
                    progress?.Advance(ExperimentStage.Training);
                }
            }

            paths.Add(new LandscapePath(entry, trajectory, [], clock.Elapsed.TotalSeconds));
        }

        return paths;
    }
}
