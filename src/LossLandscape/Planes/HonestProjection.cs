using LossLandscape.Models;

namespace LossLandscape.Planes;

/// <summary>
/// Projects a path onto its plane honestly: each record's least-squares (a, b), its distance to the plane, its true loss
/// and the loss the surface shows at its projection, so that a drawn path can say how far it is from what it seems.
/// </summary>
public static class HonestProjection
{
    /// <summary>Every record of <paramref name="records"/> on <paramref name="directions"/>, with losses of <paramref name="model"/> over (x, y).</summary>
    public static ProjectedRecord[] Compute(PlaneDirections directions, IModel model, IReadOnlyList<double[]> records, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(records);
        if (model.ParameterCount != directions.Layout.Count)
        {
            throw new ArgumentException($"the model has {model.ParameterCount} parameters; the plane has {directions.Layout.Count}", nameof(model));
        }

        var projections = directions.Project(records);
        var theta = new double[model.ParameterCount];
        var result = new ProjectedRecord[records.Count];
        for (var k = 0; k < result.Length; k++)
        {
            var p = projections[k];
            if (directions.Line is { } line)
            {
                line.PointAt(p.A, theta);
            }
            else
            {
                directions.Plane!.PointAt(p.A, p.B, theta);
            }

            result[k] = new ProjectedRecord(p.A, p.B, p.Distance, model.Loss(records[k], x, y), model.Loss(theta, x, y));
        }

        return result;
    }
}
