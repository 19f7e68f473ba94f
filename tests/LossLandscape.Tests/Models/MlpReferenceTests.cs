using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Training;

namespace LossLandscape.Tests.Models;

/// <summary>The MLP against PyTorch (float64) on the cases of reference/mlp.json.</summary>
public sealed class MlpReferenceTests
{
    private static readonly LossLandscape.Data.RegressionSet Test = ScalarReference.SeedTestSet();
    private static readonly LossLandscape.Data.RegressionSet Train = ScalarReference.SeedTrainSet();

    public static TheoryData<string> Cases => MlpCase.Names;

    [Theory]
    [InlineData("tanh-8-bias", 1u)]
    [InlineData("relu-16-16-bias", 2u)]
    [InlineData("gelu-4-4-nobias", 3u)]
    [InlineData("sigmoid-8-bias", 4u)]
    public void InitializationIsNumpysUniformOverSqrtFanIn(string name, uint seed)
    {
        // mlp_reference.py draws theta_init from RandomState(case seed) exactly as Initialize does.
        var reference = MlpCase.Load(name);
        Assert.Equal(reference.ThetaInit, new Mlp(reference.Spec).Initialize(seed));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossesOnTheFilterPlaneMatchPyTorch(string name)
    {
        var reference = MlpCase.Load(name);
        var model = new Mlp(reference.Spec);
        var (d1, d2) = reference.FilterDirections;
        var theta0 = reference.Theta;
        var gridA = Testing.Reference.Doubles(reference.Json.GetProperty("grid_a"));
        var gridB = Testing.Reference.Doubles(reference.Json.GetProperty("grid_b"));
        var test = reference.Rows("test_loss");
        var train = reference.Rows("train_loss");
        var theta = new double[theta0.Length];
        var worst = 0.0;

        // The corners, the centre and two more points (the whole grid is checked through the surface kernels).
        foreach (var (i, j) in new[] { (0, 0), (0, gridB.Length - 1), (gridA.Length - 1, 0), (gridA.Length - 1, gridB.Length - 1), (gridA.Length / 2, gridB.Length / 2), (1, 3), (6, 1) })
        {
            for (var p = 0; p < theta.Length; p++)
            {
                theta[p] = theta0[p] + (gridA[i] * d1[p]) + (gridB[j] * d2[p]);
            }

            worst = Math.Max(worst, ScalarReference.RelativeError(model.Loss(theta, Test.X, Test.Y), test[i][j]));
            worst = Math.Max(worst, ScalarReference.RelativeError(model.Loss(theta, Train.X, Train.Y), train[i][j]));
        }

        Assert.True(worst < 1e-9, $"{name}: worst relative error {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64SgdFollowsPyTorchStepByStepAndEpochByEpoch(string name)
    {
        var reference = MlpCase.Load(name);
        var model = new Mlp(reference.Spec);
        var rate = reference.Json.GetProperty("lr").GetDouble();
        var epochs = reference.Json.GetProperty("epochs").GetInt32();
        var options = new TrainingOptions { Epochs = epochs, BatchSize = 32, Shuffle = false };

        var byEpoch = Trainer.Train(model, reference.ThetaInit, Train, Test, new Sgd(), new ConstantSchedule(rate), options);
        AssertClose(reference.Rows("training_float64"), byEpoch.Records.Select(r => r.Parameters).ToArray(), name + " epochs");

        // The first steps by hand (a step record costs two full losses): the same batches the trainer takes unshuffled.
        var steps = reference.Rows("first_steps_float64");
        var theta = reference.ThetaInit;
        var gradient = new double[theta.Length];
        var sgd = new Sgd();
        var taken = new List<double[]> { (double[])theta.Clone() };
        for (var step = 0; taken.Count < steps.Length; step++)
        {
            var batch = (32 * step)..(32 * (step + 1));
            model.LossAndGradient(theta, Train.X.AsSpan(batch), Train.Y.AsSpan(batch), gradient);
            sgd.Step(theta, gradient, rate);
            taken.Add((double[])theta.Clone());
        }

        AssertClose(steps, [.. taken], name + " steps");
    }

    private static void AssertClose(double[][] expected, double[][] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var r = 0; r < expected.Length; r++)
        {
            for (var p = 0; p < expected[r].Length; p++)
            {
                worst = Math.Max(worst, Math.Abs(expected[r][p] - actual[r][p]));
            }
        }

        Assert.True(worst < 1e-8, $"{what}: worst difference {worst:E2}");
    }
}
