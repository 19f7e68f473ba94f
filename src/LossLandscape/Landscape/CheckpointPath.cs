using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>
/// The path of a model that is sliced, not trained: its checkpoints in order (record k is checkpoint k, epoch and
/// step k, learning rate 0), each with its exact test and training losses.
/// </summary>
public static class CheckpointPath
{
    /// <summary>The checkpoints the options give, else the one start vector <paramref name="initial"/>.</summary>
    public static IReadOnlyList<double[]> Of(ExperimentOptions options, double[] initial)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Checkpoints ?? [initial];
    }

    /// <summary>The records of <paramref name="checkpoints"/>, calling <paramref name="onRecord"/> after each.</summary>
    public static Trajectory Evaluate(IModel model, IReadOnlyList<double[]> checkpoints, RegressionSet train, RegressionSet test, Action? onRecord = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var records = new TrajectoryRecord[checkpoints.Count];
        for (var k = 0; k < records.Length; k++)
        {
            var theta = checkpoints[k].ToArray();
            records[k] = new TrajectoryRecord(k, k, theta, model.Loss(theta, test.X, test.Y), model.Loss(theta, train.X, train.Y), 0);
            onRecord?.Invoke();
        }

        return new Trajectory(records, null);
    }
}
