using LossLandscape.Data;
using LossLandscape.Models;

namespace LossLandscape.Surface;

/// <summary>A classifier's accuracy (fraction of samples whose largest output is the target class) on a grid over a plane.</summary>
public static class AccuracySurface
{
    /// <summary>
    /// The accuracy of <paramref name="classifier"/> over <paramref name="data"/> at every point θ₀ + a·d₁ + b·d₂ of the
    /// grid, in float64. Rows run in parallel, each value computed by one thread, so the values do not depend on the threads.
    /// </summary>
    public static LossSurface Evaluate(IClassifier classifier, SurfacePlane plane, GridAxis axis1, GridAxis axis2, RegressionSet data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(axis1);
        ArgumentNullException.ThrowIfNull(axis2);
        ArgumentNullException.ThrowIfNull(data);
        if (classifier.LossKind != LossKind.CrossEntropy)
        {
            throw new InvalidOptionException("surface", "accuracy is a classifier's: it needs «loss» cross-entropy");
        }

        var columns = axis2.Count;
        var values = new double[axis1.Count * columns];
        Parallel.For(
            0,
            axis1.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new double[classifier.ParameterCount],
            (i, _, theta) =>
            {
                for (var j = 0; j < columns; j++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    plane.PointAt(axis1[i], axis2[j], theta);
                    values[(i * columns) + j] = classifier.Accuracy(theta, data.X, data.Y);
                }

                return theta;
            },
            _ => { });
        return new LossSurface(axis1, axis2, plane.Axis1Name, plane.Axis2Name, values);
    }
}
