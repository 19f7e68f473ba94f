using System.Diagnostics;
using LossLandscape.Surface;

namespace LossLandscape.Experiments;

/// <summary>The seed experiment: data, split, training, and the loss surface around the path.</summary>
public static class Experiment
{
    /// <summary>Fraction of the covered span added on each side when the grid is extended.</summary>
    public const double ExtensionMargin = 0.05;

    /// <summary>Runs the experiment. Throws <see cref="ArgumentException"/> for invalid options before any work.</summary>
    public static ExperimentResult Run(ExperimentOptions options, IExperimentProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var setup = LandscapeSetup.Prepare(options, progress);
        var network = setup.Network;
        var clock = Stopwatch.StartNew();
        progress?.Start(ExperimentStage.Training, options.Training.Epochs);
        var trajectory = setup.TrainFrom(network.Uniform(options.InitW1, options.InitW2), options.Optimizer, options.Training, progress);
        if (trajectory.Divergence is { } d)
        {
            progress?.Notice($"warning: training diverged in epoch {d.Epoch} at step {d.Step} ({d.Reason}); the path stops at the last finite record");
        }

        var trainingSeconds = clock.Elapsed.TotalSeconds;

        var coordinates = trajectory.Records.Select(r => setup.Plane.Project(r.Parameters)).ToArray();
        var (w1, w2, extension) = LandscapeSetup.CoveringGrid(options, coordinates, "trajectory", "leaves");
        if (extension is not null)
        {
            progress?.Notice(extension);
        }

        var (surface, surfaceSeconds) = setup.EvaluateSurface(w1, w2, progress, cancellationToken);

        return new ExperimentResult
        {
            Options = options,
            Data = setup.Data,
            Split = setup.Split,
            Train = setup.Train,
            Test = setup.Test,
            Network = network,
            Plane = setup.Plane,
            Surface = surface,
            Trajectory = trajectory,
            GridExtension = extension,
            DataSeconds = setup.DataSeconds,
            TrainingSeconds = trainingSeconds,
            SurfaceSeconds = surfaceSeconds,
        };
    }

    /// <summary>
    /// Grows <paramref name="axis"/> with its own step to cover the values plus a margin of
    /// <see cref="ExtensionMargin"/> of the covered span (at least two steps) on the side where they leave it.
    /// </summary>
    public static (GridAxis Axis, bool Grew) Extend(GridAxis axis, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(axis);
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count == 0)
        {
            return (axis, false);
        }

        double low = list.Min(), high = list.Max();
        var last = axis[axis.Count - 1];
        if (low >= axis.Start && high <= last)
        {
            return (axis, false);
        }

        var span = Math.Max(high, last) - Math.Min(low, axis.Start);
        var margin = Math.Max(ExtensionMargin * span, 2 * axis.Step);
        GridAxis grown;
        try
        {
            grown = axis.Cover(low < axis.Start ? low - margin : axis.Start, high > last ? high + margin : last);
        }
        catch (ArgumentException)
        {
            throw new InvalidOptionException("no-extend", $"extending the grid to cover the trajectory (to {low:G6}..{high:G6}) would need more than {GridAxis.MaxCount} points per axis; use --no-extend");
        }

        if ((long)grown.Count > GridAxis.MaxCount)
        {
            throw new InvalidOptionException("no-extend", $"extending the grid to cover the trajectory would need {grown.Count} points per axis; use --no-extend");
        }

        return (grown, true);
    }
}
