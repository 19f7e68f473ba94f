using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Landscape;
using LossLandscape.Planes;
using LossLandscape.Training;

namespace LossLandscape.Tests.Planes;

/// <summary>The pipeline's one honest projection (<see cref="PlaneStage.Project"/>) of bare parameter vectors, each record's true loss computed on (x, y).</summary>
internal static class Projections
{
    public static RecordProjection[] Of(PlaneDirections directions, IModel model, IReadOnlyList<double[]> path, double[] x, double[] y)
    {
        var data = new RegressionSet(x, y);
        var records = path.Select((theta, k) => new TrajectoryRecord(0, k, theta, model.Loss(theta, x, y), double.NaN, 0)).ToArray();
        return PlaneStage.Project(directions, model, data, data, records);
    }
}
