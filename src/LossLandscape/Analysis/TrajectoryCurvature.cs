using LossLandscape.Training;

namespace LossLandscape.Analysis;

/// <summary>The gradient norm, Hessian eigenvalues and sharpness (λmax against 2/η) at every record of a trajectory.</summary>
public static class TrajectoryCurvature
{
    /// <summary>One <see cref="CurvaturePoint"/> per record, in order, on the plane of <paramref name="calculus"/>.</summary>
    public static IReadOnlyList<CurvaturePoint> Compute(IPlaneCalculus calculus, IReadOnlyList<TrajectoryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(calculus);
        ArgumentNullException.ThrowIfNull(records);
        var points = new CurvaturePoint[records.Count];
        for (var k = 0; k < points.Length; k++)
        {
            var record = records[k];
            var (a, b) = calculus.Plane.Project(record.Parameters);
            var d = calculus.Evaluate(a, b);
            var (low, high) = d.Eigenvalues;
            var (_, sharpness) = calculus.CurvatureEigenvalues(d);
            points[k] = new CurvaturePoint(record.Epoch, record.Step, a, b, d.Loss, d.GradientNorm, low, high, sharpness, record.LearningRate);
        }

        return points;
    }
}
