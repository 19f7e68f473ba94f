using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Testing;
using LossLandscape.Tests.Planes;
using LossLandscape.Training;

namespace LossLandscape.Tests.Pipeline;

/// <summary>
/// The whole pipeline (data → model → training → plane → projections → surfaces or line) against reference/mlp.json:
/// the seed's data, the case's start, float64 SGD without shuffling, as mlp_reference.py trains.
/// </summary>
public sealed class PipelineTests
{
    private static ExperimentOptions Options(MlpCase reference, PlaneSpec plane) => new()
    {
        Model = new MlpSpec(reference.Sizes, Enum.Parse<Activation>(reference.Activation, ignoreCase: true), reference.Bias),
        InitVector = reference.ThetaInit,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = reference.Json.GetProperty("lr").GetDouble() },
        Training = new TrainingOptions { Epochs = reference.Json.GetProperty("epochs").GetInt32(), BatchSize = 32, Shuffle = false, Record = RecordEvery.Epoch },
        Plane = plane,
        Precision = SurfacePrecision.Double,
    };

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(MlpCase.Names), MemberType = typeof(MlpCase))]
    public void PcaPlaneProjectsEveryRecordAsTheReference(string name)
    {
        var reference = MlpCase.All[name];
        var result = Experiment.Run(Options(reference, new PlaneSpec { Kind = PlaneKind.Pca }) with { ARange = new GridAxis(-1, 1, 0.5), BRange = new GridAxis(-1, 1, 0.5) });

        var expected = reference.Json.GetProperty("pca").GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, result.Projections.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            var p = result.Projections[k];
            Close(expected[k].GetProperty("a").GetDouble(), p.A, 1e-8, $"record {k} a");
            Close(expected[k].GetProperty("b").GetDouble(), p.B, 1e-8, $"record {k} b");
            Close(expected[k].GetProperty("distance").GetDouble(), p.Distance, 1e-8, $"record {k} distance");
            Close(expected[k].GetProperty("test_loss").GetDouble(), p.TestLoss, 1e-8, $"record {k} test loss");
            Close(expected[k].GetProperty("surface_loss").GetDouble(), p.SurfaceLoss, 1e-8, $"record {k} surface loss");
        }

        // The grid grew to hold the whole projected path.
        var surface = result.Surface!;
        Assert.All(result.Projections, p => Assert.InRange(p.A, surface.Axis1[0], surface.Axis1[surface.Axis1.Count - 1]));
        Assert.Equal(["a", "b"], new[] { surface.Axis1Name, surface.Axis2Name });
    }

    [Theory]
    [MemberData(nameof(MlpCase.Names), MemberType = typeof(MlpCase))]
    public void LineLossesAreTheReference(string name)
    {
        var reference = MlpCase.All[name];
        var result = Experiment.Run(Options(reference, new PlaneSpec { Kind = PlaneKind.Line }) with { Precision = null, Alpha = new GridAxis(-0.5, 1.75, 0.25) });

        var line = result.Line!;
        var expected = reference.Json.GetProperty("line").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, line.Alpha.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k].GetProperty("alpha").GetDouble(), line.Alpha[k], 12);
            Close(expected[k].GetProperty("test_loss").GetDouble(), line.TestLoss[k], 1e-9, $"α = {line.Alpha[k]} test loss");
            Close(expected[k].GetProperty("train_loss").GetDouble(), line.TrainLoss[k], 1e-9, $"α = {line.Alpha[k]} training loss");
        }

        // α = 0 and 1 are the endpoints (the first and last records) exactly.
        var records = result.Trajectory.Records;
        Assert.Equal(records[0].TestLoss, line.TestLoss[2]);
        Assert.Equal(records[^1].TestLoss, line.TestLoss[6]);
        Assert.Equal(records[0].TrainLoss, line.TrainLoss[2]);
        Assert.Equal(0, result.Projections[0].A);
        Assert.Equal(1, result.Projections[^1].A, 12);
        Assert.Null(result.Surfaces);
    }

    [Fact]
    public void PointsPlaneHoldsItsThreeRecordsAtTheCorners()
    {
        var reference = MlpCase.All["relu-16-16-bias"];
        var plane = new PlaneSpec { Kind = PlaneKind.Points, Points = [PlanePoint.OfRecord(1), PlanePoint.OfRecord(3), PlanePoint.OfRecord(6)] };
        var result = Experiment.Run(Options(reference, plane) with { Surfaces = SurfaceQuantities.All, ARange = new GridAxis(0, 2, 1), BRange = new GridAxis(0, 2, 1), ExtendGrid = false });

        var records = result.Trajectory.Records;
        var surfaces = result.Surfaces!;
        foreach (var (i, j, record) in new[] { (0, 0, 1), (1, 0, 3), (0, 1, 6) })
        {
            Close(records[record].TestLoss, surfaces.Test![i, j], 1e-12, $"test loss at ({i}, {j})");
            Close(records[record].TrainLoss, surfaces.Train![i, j], 1e-12, $"training loss at ({i}, {j})");
            Assert.True(result.Projections[record].Distance < 1e-12, $"record {record} lies {result.Projections[record].Distance} off its own plane");
            Close(records[record].TestLoss, result.Projections[record].SurfaceLoss, 1e-12, $"surface loss of record {record}");
        }

        // A record not on the plane is off it, and the gap surface is test − train.
        Assert.True(result.Projections[0].Distance > 1e-6);
        Assert.Equal(surfaces.Test![1, 1] - surfaces.Train![1, 1], surfaces.Gap![1, 1]);
    }

    [Fact]
    public void SeedsRunKeepsItsPlaneAndHasNoDistance()
    {
        var result = Experiment.Run(new ExperimentOptions { Training = new TrainingOptions { Epochs = 2 } });
        Assert.Equal(PlaneKind.Weights, result.Directions.Kind);
        Assert.Equal("w1", result.Surface!.Axis1Name);
        Assert.All(result.Projections, p => Assert.Equal(0, p.Distance));
        Assert.All(result.Projections, p => Assert.Equal(p.TestLoss, p.SurfaceLoss, 12));
        Assert.Equal(-1, result.Projections[0].A);
        Assert.Equal(-1, result.Projections[0].B);
    }

    [Fact]
    public void ModelsOtherThanTheSeedsStartFromPyTorchsInitialisationAndARandomPlane()
    {
        var options = new ExperimentOptions
        {
            Model = new MlpSpec([1, 4, 4, 1], Activation.Relu, Bias: true),
            InitSeed = 3,
            Training = new TrainingOptions { Epochs = 1 },
            ExtendGrid = false,
        };
        var result = Experiment.Run(options);
        Assert.Equal(PlaneKind.Random, result.Directions.Kind);
        Assert.Equal(new Mlp(options.ModelSpec).Initialize(3), result.Trajectory.Records[0].Parameters);
        Assert.Equal(50, result.Surface!.Axis1.Count);
        Assert.Equal(result.Trajectory.Records[^1].Parameters, result.Plane!.Origin);
    }

    public static TheoryData<string, ExperimentOptions> BadOptions => new()
    {
        { "layers", new ExperimentOptions { Model = new MlpSpec([1]) } },
        { "layers", new ExperimentOptions { Model = new MlpSpec([1, 0, 1]) } },
        { "layers", new ExperimentOptions { Model = new MlpSpec([2, 4, 1]) } },
        { "layers", new ExperimentOptions { Model = new MlpSpec([1, 4, 2]) } },
        { "activation", new ExperimentOptions { Model = new MlpSpec([1, 4, 1], (Activation)42) } },
        { "hidden", new ExperimentOptions { Hidden = 3, Model = new MlpSpec([1, 4, 1]) } },
        { "plane", new ExperimentOptions { Model = new MlpSpec([1, 4, 1], Bias: true), Plane = new PlaneSpec { Kind = PlaneKind.Weights } } },
        { "plane", new ExperimentOptions { Model = new MlpSpec([1, 4, 4, 1]), Plane = new PlaneSpec { Kind = PlaneKind.Weights } } },
        { "init", new ExperimentOptions { Model = new MlpSpec([1, 4, 4, 1]), InitGiven = true } },
        { "init-seed", new ExperimentOptions { InitGiven = true, InitSeed = 1 } },
        { "init-weights", new ExperimentOptions { InitVector = [1.0, 2.0, 3.0] } },
        { "w1", new ExperimentOptions { WeightsGridGiven = true, Plane = new PlaneSpec { Kind = PlaneKind.Random } } },
        { "a-range", new ExperimentOptions { ARange = new GridAxis(0, 1, 0.5) } },
        { "alpha-range", new ExperimentOptions { Alpha = new GridAxis(0, 1, 0.5), Plane = new PlaneSpec { Kind = PlaneKind.Pca } } },
        { "normalize", new ExperimentOptions { Plane = new PlaneSpec { Kind = PlaneKind.Pca, Normalize = DirectionNormalization.Layer } } },
        { "direction-seed", new ExperimentOptions { Plane = new PlaneSpec { Kind = PlaneKind.Weights, DirectionSeed = 1 } } },
        { "from", new ExperimentOptions { Plane = new PlaneSpec { Kind = PlaneKind.Random, From = PlanePoint.OfRecord(0) } } },
        { "precision", new ExperimentOptions { Plane = new PlaneSpec { Kind = PlaneKind.Line }, Precision = SurfacePrecision.Double } },
        { "directions", new ExperimentOptions { Directions = "x.json", Plane = new PlaneSpec { Kind = PlaneKind.Random } } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptionsAreRefusedBeforeAnyWorkNamingTheOption(string option, ExperimentOptions options)
    {
        var error = Assert.Throws<InvalidOptionException>(() => options.Validate());
        Assert.Equal(option, error.Option);
    }

    [Fact]
    public void ErrorsThatNeedThePathNameTheirOption()
    {
        var few = new ExperimentOptions { Training = new TrainingOptions { Epochs = 1 }, Plane = new PlaneSpec { Kind = PlaneKind.Pca } };
        Assert.Equal("plane", Assert.Throws<InvalidOptionException>(() => Experiment.Run(few)).Option);
        var outOfRange = new ExperimentOptions { Training = new TrainingOptions { Epochs = 2 }, Plane = new PlaneSpec { Kind = PlaneKind.Points, Points = [PlanePoint.OfRecord(0), PlanePoint.OfRecord(1), PlanePoint.OfRecord(9)] } };
        Assert.Equal("points", Assert.Throws<InvalidOptionException>(() => Experiment.Run(outOfRange)).Option);
        var missing = new ExperimentOptions { Training = new TrainingOptions { Epochs = 1 }, InitWeights = "/nonexistent/start.npy" };
        Assert.Equal("init-weights", Assert.Throws<InvalidOptionException>(() => Experiment.Run(missing)).Option);
    }
}
