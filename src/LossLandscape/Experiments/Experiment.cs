using System.Diagnostics;
using System.Globalization;
using LossLandscape.Data;
using LossLandscape.Nn;
using LossLandscape.Surface;
using LossLandscape.Training;

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

        var clock = Stopwatch.StartNew();
        progress?.Start(ExperimentStage.Data, 1);
        var data = Dataset.Generate(options.Data);
        var split = TrainTestSplit.Create(options.Data.Samples, options.Data.TestFraction, options.Data.Seed);
        var train = RegressionSet.Gather(data, split.Train);
        var test = RegressionSet.Gather(data, split.Test);
        progress?.Advance(ExperimentStage.Data);
        var dataSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var network = new TanhNetwork(options.Hidden);
        var plane = SurfacePlane.Weights(network);
        progress?.Start(ExperimentStage.Training, options.Training.Epochs);
        var trajectory = Trainer.Train(
            network,
            network.Uniform(options.InitW1, options.InitW2),
            train,
            test,
            options.Optimizer.CreateOptimizer(),
            options.Optimizer.CreateSchedule(options.Training.Epochs),
            options.Training,
            _ => progress?.Advance(ExperimentStage.Training));
        if (trajectory.Divergence is { } d)
        {
            progress?.Notice($"warning: training diverged in epoch {d.Epoch} at step {d.Step} ({d.Reason}); the path stops at the last finite record");
        }

        var trainingSeconds = clock.Elapsed.TotalSeconds;

        var coordinates = trajectory.Records.Select(r => plane.Project(r.Parameters)).ToArray();
        var w1 = options.W1;
        var w2 = options.W2;
        string? extension = null;
        if (options.ExtendGrid)
        {
            (w1, var grew1) = Extend(w1, coordinates.Select(c => c.A));
            (w2, var grew2) = Extend(w2, coordinates.Select(c => c.B));
            if (grew1 || grew2)
            {
                extension = string.Create(
                    CultureInfo.InvariantCulture,
                    $"The trajectory leaves the grid: extended it with the same step to w1 {w1[0]:G10}..{w1[w1.Count - 1]:G10} ({w1.Count} points) × w2 {w2[0]:G10}..{w2[w2.Count - 1]:G10} ({w2.Count} points); --no-extend keeps the given grid.");
                progress?.Notice(extension);
            }
        }

        if ((long)w1.Count * w2.Count > SurfaceEvaluator.MaxPoints)
        {
            throw new InvalidOptionException("no-extend", $"covering the trajectory needs a {w1.Count} × {w2.Count} grid, more than {SurfaceEvaluator.MaxPoints} points; use --no-extend or a larger step");
        }

        clock.Restart();
        progress?.Start(ExperimentStage.Surface, w1.Count);
        var surface = SurfaceEvaluator.Evaluate(network, plane, w1, w2, test, () => progress?.Advance(ExperimentStage.Surface), cancellationToken);
        var surfaceSeconds = clock.Elapsed.TotalSeconds;

        return new ExperimentResult
        {
            Options = options,
            Data = data,
            Split = split,
            Train = train,
            Test = test,
            Network = network,
            Plane = plane,
            Surface = surface,
            Trajectory = trajectory,
            GridExtension = extension,
            DataSeconds = dataSeconds,
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
