using System.Text.Json;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Tests.Data;
using LossLandscape.Training;

namespace LossLandscape.Tests.Models;

/// <summary>The MLP's cross-entropy and accuracy against PyTorch on the committed classifier fixture.</summary>
public sealed class CrossEntropyTests
{
    private static readonly MlpSpec Spec = new([2, 16, 3], Activation.Tanh, Bias: true);

    private static (RegressionSet Train, RegressionSet Test) Sets()
    {
        var table = CsvTable.Read(CsvTableTests.Fixture("classifier.csv"), new CsvColumns(Target: "label", Split: "split", Classes: 3));
        var split = TrainTestSplit.FromColumn(table.IsTest!);
        RegressionSet Gather(int[] rows) => new(
            [.. rows.SelectMany(r => table.X.AsSpan(r * 2, 2).ToArray())],
            [.. rows.Select(r => table.Y[r])],
            2);
        return (Gather(split.Train), Gather(split.Test));
    }

    private static double[] Doubles(JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetDouble())];

    private static JsonElement Reference(string name) => JsonDocument.Parse(File.ReadAllText(CsvTableTests.Fixture(name))).RootElement;

    [Fact]
    public void LossGradientAndAccuracyEqualPyTorchs()
    {
        var training = Reference("classifier-training.json");
        var classifier = Reference("classifier.json");
        var theta = Doubles(classifier.GetProperty("theta"));
        var (train, test) = Sets();
        Assert.Equal(training.GetProperty("rows").GetInt32(), train.Count);
        var mlp = new Mlp(Spec, LossKind.CrossEntropy);
        var gradient = new double[mlp.ParameterCount];
        var loss = mlp.LossAndGradient(theta, train.X, train.Y, gradient);
        var expected = training.GetProperty("loss").GetDouble();
        Assert.True(Math.Abs(loss - expected) <= 1e-12 * expected, $"{loss} vs PyTorch's {expected}");
        Assert.Equal(loss, mlp.Loss(theta, train.X, train.Y), 14);
        var reference = Doubles(training.GetProperty("gradient"));
        var scale = reference.Max(Math.Abs);
        for (var i = 0; i < gradient.Length; i++)
        {
            Assert.True(Math.Abs(gradient[i] - reference[i]) <= 1e-12 * scale, $"∂L/∂θ[{i}]: {gradient[i]} vs {reference[i]}");
        }

        foreach (var (name, set) in new[] { ("train", train), ("test", test) })
        {
            var side = classifier.GetProperty(name);
            var ce = side.GetProperty("cross_entropy_float64").GetDouble();
            Assert.True(Math.Abs(mlp.Loss(theta, set.X, set.Y) - ce) <= 1e-12 * ce, name);
            Assert.Equal(side.GetProperty("accuracy").GetDouble(), mlp.Accuracy(theta, set.X, set.Y), 15);
        }
    }

    [Fact]
    public void FullBatchSgdEqualsPyTorchsFloat64Steps()
    {
        var training = Reference("classifier-training.json");
        var theta = Doubles(Reference("classifier.json").GetProperty("theta"));
        var (train, test) = Sets();
        var mlp = new Mlp(Spec, LossKind.CrossEntropy);
        var rate = training.GetProperty("lr").GetDouble();
        var trajectory = Trainer.Train(mlp, theta, train, test, new Sgd(), new ConstantSchedule(rate), new TrainingOptions { Epochs = 3, BatchSize = train.Count, Shuffle = false });
        var steps = training.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(steps.Length + 1, trajectory.Records.Count);
        for (var k = 0; k < steps.Length; k++)
        {
            var record = trajectory.Records[k + 1];
            var expected = Doubles(steps[k].GetProperty("theta"));
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(record.Parameters[i] - expected[i]) <= 1e-10, $"step {k + 1}, θ[{i}]: {record.Parameters[i]} vs {expected[i]}");
            }

            Assert.Equal(steps[k].GetProperty("train_loss").GetDouble(), record.TrainLoss, 10);
            Assert.Equal(steps[k].GetProperty("test_loss").GetDouble(), record.TestLoss, 10);
            Assert.Equal(steps[k].GetProperty("test_accuracy").GetDouble(), mlp.Accuracy(record.Parameters, test.X, test.Y), 15);
        }
    }

    [Fact]
    public void UniformLogitsGiveLnKAndTheGradientMatchesFiniteDifferences()
    {
        var (train, _) = Sets();
        var mlp = new Mlp(new MlpSpec([2, 4, 5], Activation.Gelu, Bias: true), LossKind.CrossEntropy);
        var y = train.Y.Select(v => v + 1).ToArray();
        Assert.Equal(Math.Log(5), mlp.Loss(new double[mlp.ParameterCount], train.X, y), 14);

        var theta = mlp.Initialize(3);
        var gradient = new double[theta.Length];
        mlp.LossAndGradient(theta, train.X, y, gradient);
        for (var i = 0; i < theta.Length; i += 3)
        {
            var h = 1e-5;
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (mlp.Loss(plus, train.X, y) - mlp.Loss(minus, train.X, y)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-8, $"θ[{i}]: {gradient[i]} vs {numeric}");
        }

        var accuracy = mlp.Accuracy(theta, train.X, y);
        Assert.InRange(accuracy, 0, 1);
    }

    [Fact]
    public void AClassIndexOutOfRangeIsRefused()
    {
        var mlp = new Mlp(Spec, LossKind.CrossEntropy);
        Assert.Throws<ArgumentException>(() => mlp.Loss(new double[mlp.ParameterCount], [0.0, 1.0], [3.0]));
        Assert.Throws<InvalidOptionException>(() => new Mlp(new MlpSpec([2, 4, 1]), LossKind.CrossEntropy));
    }
}
