using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Landscape;
using LossLandscape.Planes;
using LossLandscape.Training;

namespace LossLandscape.Tests.Pipeline;

/// <summary>The records' projection, run in parallel over records, gives each record what one evaluation of it gives.</summary>
public sealed class ProjectionStageTests
{
    [Fact]
    public void EachRecordGetsItsOwnExactLossesAndTheTrainingLossOnlyWhenAsked()
    {
        var train = ScalarReference.SeedTrainSet();
        var test = ScalarReference.SeedTestSet();
        var model = new Mlp(new MlpSpec([1, 8, 8, 1], Activation.Tanh, Bias: true));
        var records = Enumerable.Range(0, 9)
            .Select(k => new TrajectoryRecord(k, k, model.Initialize((uint)k), double.NaN, double.NaN, 0.01))
            .ToArray();
        var directions = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Random }, model.Layout, records.Select(r => r.Parameters).ToArray());
        var plane = directions.Plane!;

        var full = PlaneStage.Project(directions, model, test, train, records);
        var testOnly = PlaneStage.Project(directions, model, test, train, records, trainLoss: false);

        var theta = new double[model.ParameterCount];
        for (var k = 0; k < records.Length; k++)
        {
            var (a, b, distance) = directions.Projector.Project(records[k].Parameters);
            plane.PointAt(a, b, theta);
            Assert.Equal(a, full[k].A);
            Assert.Equal(b, full[k].B);
            Assert.Equal(distance, full[k].Distance);
            // The plane is centred at the last record (--center final): the others lie off it.
            Assert.True(k == records.Length - 1 ? distance < 1e-12 : distance > 0.1, $"record {k}'s distance {distance}");
            Assert.Equal(model.Loss(theta, test.X, test.Y), full[k].SurfaceLoss);
            Assert.Equal(model.Loss(theta, train.X, train.Y), full[k].SurfaceTrainLoss);
            Assert.Equal(full[k] with { SurfaceTrainLoss = double.NaN }, testOnly[k]);
            Assert.True(double.IsNaN(testOnly[k].SurfaceTrainLoss));
        }
    }
}
