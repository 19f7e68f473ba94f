using LossLandscape.Data;
using LossLandscape.Models;

namespace LossLandscape.Surface;

/// <summary>A classifier's accuracy (fraction of samples whose largest output is the target class) on a grid over a plane.</summary>
public static class AccuracySurface
{
    /// <summary>
    /// The accuracy of <paramref name="model"/> over <paramref name="data"/> at every point θ₀ + a·d₁ + b·d₂ of the grid,
    /// in float64. Rows run in parallel, each value computed by one thread, so the values do not depend on the threads.
    /// </summary>
    public static LossSurface Evaluate(Mlp model, SurfacePlane plane, GridAxis axis1, GridAxis axis2, RegressionSet data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Evaluate(model.LossKind, model.ParameterCount, model.Accuracy, plane, axis1, axis2, data, cancellationToken);
    }

    /// <summary>The accuracy of an evaluated classifier (e.g. an ONNX graph) over the grid, as for an <see cref="Mlp"/>.</summary>
    public static LossSurface Evaluate(IEvaluatedModel model, SurfacePlane plane, GridAxis axis1, GridAxis axis2, RegressionSet data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Evaluate(model.LossKind, model.ParameterCount, model.Accuracy, plane, axis1, axis2, data, cancellationToken);
    }

    private delegate double AccuracyAt(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y);

    private static LossSurface Evaluate(LossKind loss, int parameters, AccuracyAt accuracy, SurfacePlane plane, GridAxis axis1, GridAxis axis2, RegressionSet data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(axis1);
        ArgumentNullException.ThrowIfNull(axis2);
        ArgumentNullException.ThrowIfNull(data);
        if (loss != LossKind.CrossEntropy)
        {
            throw new InvalidOptionException("surface", "accuracy is a classifier's: it needs «loss» cross-entropy");
        }

        var columns = axis2.Count;
        var values = new double[axis1.Count * columns];
        Parallel.For(
            0,
            axis1.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new double[parameters],
            (i, _, theta) =>
            {
                for (var j = 0; j < columns; j++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    plane.PointAt(axis1[i], axis2[j], theta);
                    values[(i * columns) + j] = accuracy(theta, data.X, data.Y);
                }

                return theta;
            },
            _ => { });
        return new LossSurface(axis1, axis2, plane.Axis1Name, plane.Axis2Name, values);
    }
}
