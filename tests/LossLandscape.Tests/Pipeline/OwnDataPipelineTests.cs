using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Landscape;
using LossLandscape.Models;
using LossLandscape.Surface;
using LossLandscape.Tests.Data;

namespace LossLandscape.Tests.Pipeline;

/// <summary>Several inputs through every stage: surfaces (kernel and general paths), analysis, and the pipeline on a CSV file.</summary>
public sealed class OwnDataPipelineTests
{
    private static RegressionSet ThreeInputs(uint seed, int rows)
    {
        var random = new LegacyRandom(seed);
        var x = new double[rows * 3];
        random.FillNormal(x, 0, 1);
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            y[i] = Math.Sin(x[3 * i]) + (0.5 * x[(3 * i) + 1] * x[(3 * i) + 2]);
        }

        return new RegressionSet(x, y, 3);
    }

    [Fact]
    public void ThePlaneKernelOnThreeInputsEqualsTheModelsOwnLoss()
    {
        var data = ThreeInputs(1, 77);
        var model = new Mlp(new MlpSpec([3, 6, 5, 1], Activation.Tanh, Bias: true));
        var theta = model.Initialize(2);
        var random = new LegacyRandom(3);
        var d1 = new double[theta.Length];
        var d2 = new double[theta.Length];
        random.FillNormal(d1, 0, 0.3);
        random.FillNormal(d2, 0, 0.3);
        var plane = new SurfacePlane(theta, d1, d2, "a", "b");
        var axis = new GridAxis(-1, 1.0001, 0.5);
        var surfaces = PlaneSurfaceEvaluator.Evaluate(model, plane, axis, axis, data, null, new PlaneSurfaceOptions { Precision = SurfacePrecision.Double });
        var point = new double[theta.Length];
        for (var i = 0; i < axis.Count; i++)
        {
            for (var j = 0; j < axis.Count; j++)
            {
                plane.PointAt(axis[i], axis[j], point);
                var exact = model.Loss(point, data.X, data.Y);
                Assert.True(Math.Abs(surfaces.Test![i, j] - exact) <= 1e-12 * exact, $"({i}, {j}): {surfaces.Test[i, j]} vs {exact}");
            }
        }

        // The analysis's plane gradient on the same data equals finite differences of the loss.
        var calculus = new ModelPlaneCalculus(model, plane, data.X, data.Y);
        var (_, ga, gb) = calculus.Gradient(0.3, -0.2);
        var h = 1e-6;
        Assert.Equal((calculus.Loss(0.3 + h, -0.2) - calculus.Loss(0.3 - h, -0.2)) / (2 * h), ga, 7);
        Assert.Equal((calculus.Loss(0.3, -0.2 + h) - calculus.Loss(0.3, -0.2 - h)) / (2 * h), gb, 7);
    }

    [Fact]
    public void TheClassifierCsvRunsThroughThePipelineFromTheOnnxStart()
    {
        var imported = OnnxMlpImport.Read(CsvTableTests.Fixture("classifier.onnx"));
        var options = new ExperimentOptions
        {
            Data = new DataOptions { File = CsvTableTests.Fixture("classifier.csv"), UseSplitColumn = true },
            Loss = LossKind.CrossEntropy,
            Model = imported.Spec,
            InitVector = imported.Theta,
            ModelFile = "classifier.onnx",
            Training = new LossLandscape.Training.TrainingOptions { Epochs = 2, BatchSize = 20 },
            Surfaces = SurfaceQuantities.Test | SurfaceQuantities.Accuracy,
            ARange = new GridAxis(-0.5, 0.5001, 0.5),
            BRange = new GridAxis(-0.5, 0.5001, 0.5),
        };
        var result = LandscapePipeline.Run(options);
        Assert.Equal(2, result.Data.Inputs);
        Assert.Equal(135, result.Train.Count);
        Assert.Equal(45, result.Test.Count);
        var mlp = Assert.IsType<Mlp>(result.Model);
        Assert.Equal(LossKind.CrossEntropy, mlp.LossKind);
        var first = result.Paths[0].Trajectory.Records[0];
        Assert.Equal(imported.Theta, first.Parameters);
        Assert.All(result.OnPlane.Surfaces!.Accuracy!.Values, a => Assert.InRange(a, 0, 1));
        var plane = result.OnPlane.Plane!;
        var point = new double[mlp.ParameterCount];
        plane.PointAt(0.5, -0.5, point);
        Assert.Equal(mlp.Loss(point, result.Test.X, result.Test.Y), result.OnPlane.Surfaces.Test![2, 0], 12);
        Assert.Equal(mlp.Accuracy(point, result.Test.X, result.Test.Y), result.OnPlane.Surfaces.Accuracy[2, 0]);
    }
}
