using System.Text.Json;
using LossLandscape.Data;
using LossLandscape.Files;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Surface;
using LossLandscape.Tests.Data;

namespace LossLandscape.Tests.Models;

/// <summary>The fixture CNN evaluated by ONNX Runtime against PyTorch's values (scripts/fixtures/make_fixtures.py).</summary>
public sealed class OnnxRuntimeModelTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(CsvTableTests.Fixture("cnn.json"))).RootElement;

    private static (RegressionSet Train, RegressionSet Test) Data()
    {
        var table = CsvTable.Read(CsvTableTests.Fixture("cnn.csv"), new CsvColumns(Target: "label", Split: "split", Classes: 3));
        var test = Enumerable.Range(0, table.Rows).Where(r => table.IsTest![r]).ToArray();
        var train = Enumerable.Range(0, table.Rows).Where(r => !table.IsTest![r]).ToArray();
        RegressionSet Gather(int[] rows) => new([.. rows.SelectMany(r => table.X.Skip(r * 64).Take(64))], [.. rows.Select(r => table.Y[r])], 64);
        return (Gather(train), Gather(test));
    }

    private static OnnxRuntimeModel Cnn() => OnnxRuntimeModel.Create(OnnxGraph.Read(CsvTableTests.Fixture("cnn.onnx")), null, null, LossKind.CrossEntropy);

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: {actual} vs PyTorch's {expected}");

    [Fact]
    public void TheGraphsFloatInitializersAreThetaInPyTorchsOrderAndShapes()
    {
        using var model = Cnn();
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias"], model.Layout.Tensors.Select(t => t.Name));
        Assert.Equal([4, 1, 3, 3], model.Layout.Tensors[0].Shape);
        Assert.Equal(9, model.Layout.Tensors[0].Columns);
        Assert.Equal(475, model.ParameterCount);
        Assert.Equal(64, model.Inputs);
        Assert.Equal(3, model.Outputs);
        Assert.Contains("input 'image' [batch×1×8×8], output 'logits' [batch×3]", model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSurfaceOnAFiveByFiveGridEqualsPyTorchs()
    {
        using var model = Cnn();
        var (train, test) = Data();
        var directions = DirectionsFile.Read(CsvTableTests.Fixture("cnn-directions.json"), model.Layout);
        var grid = new GridAxis(-1, 1.25, 0.5);
        Assert.Equal(5, grid.Count);
        var surfaces = PlaneSurfaceEvaluator.Evaluate(model, directions.Plane!, grid, grid, test, train);
        var expected = Reference.GetProperty("test_loss");
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                AssertRelative(expected[i][j].GetDouble(), surfaces.Test!.Values[(i * 5) + j], 1e-5, $"loss at ({grid[i]}, {grid[j]})");
            }
        }
    }

    [Fact]
    public void TheCheckpointsProjectionsAndLossesEqualPyTorchs()
    {
        using var model = Cnn();
        var (train, test) = Data();
        var directions = DirectionsFile.Read(CsvTableTests.Fixture("cnn-directions.json"), model.Layout);
        var graph = OnnxGraph.Read(CsvTableTests.Fixture("cnn.onnx"));
        var theta = new double[model.ParameterCount];
        foreach (var checkpoint in Reference.GetProperty("checkpoints").EnumerateArray())
        {
            var file = checkpoint.GetProperty("file").GetString()!;
            var weights = graph.WeightsOf(OnnxGraph.Read(CsvTableTests.Fixture(file), "checkpoints"), "checkpoints");
            var (a, b, distance) = directions.Projector.Project(weights);
            Assert.Equal(checkpoint.GetProperty("a").GetDouble(), a, 1e-9);
            Assert.Equal(checkpoint.GetProperty("b").GetDouble(), b, 1e-9);
            Assert.Equal(checkpoint.GetProperty("distance").GetDouble(), distance, 1e-9);
            AssertRelative(checkpoint.GetProperty("test_loss").GetDouble(), model.Loss(weights, test.X, test.Y), 1e-5, $"{file} test loss");
            AssertRelative(checkpoint.GetProperty("train_loss").GetDouble(), model.Loss(weights, train.X, train.Y), 1e-5, $"{file} training loss");
            Assert.Equal(checkpoint.GetProperty("test_accuracy").GetDouble(), model.Accuracy(weights, test.X, test.Y));
            directions.Plane!.PointAt(a, b, theta);
            AssertRelative(checkpoint.GetProperty("surface_loss").GetDouble(), model.Loss(theta, test.X, test.Y), 1e-5, $"{file} loss at its projection");
        }
    }

    [Fact]
    public void ValuesDoNotDependOnTheThreadOrTheChunk()
    {
        using var model = Cnn();
        var (_, test) = Data();
        var weights = model.Weights.ToArray();
        var once = model.Loss(weights, test.X, test.Y);
        var values = new double[8];
        Parallel.For(0, values.Length, i => values[i] = model.Loss(weights, test.X, test.Y));
        Assert.All(values, v => Assert.Equal(once, v));

        // 1,000 samples in one run; 1,100 (the first 100 twice) runs 1,024 then 76.
        var x = test.X.Concat(test.X.Take(6400)).ToArray();
        var y = test.Y.Concat(test.Y.Take(100)).ToArray();
        var expected = ((once * 1000) + (model.Loss(weights, test.X.AsSpan(0, 6400), test.Y.AsSpan(0, 100)) * 100)) / 1100;
        Assert.Equal(expected, model.Loss(weights, x, y), 1e-12);
    }

    [Fact]
    public void ACheckpointOfAnotherGraphIsRefusedNamingBothFiles()
    {
        var graph = OnnxGraph.Read(CsvTableTests.Fixture("cnn.onnx"));
        var other = OnnxGraph.Read(CsvTableTests.Fixture("classifier.onnx"), "checkpoints");
        var e = Assert.Throws<InvalidOptionException>(() => graph.WeightsOf(other, "checkpoints"));
        Assert.Equal("checkpoints", e.Option);
        Assert.Equal("classifier.onnx is not the same graph as cnn.onnx: its weights are 0.weight [16×2], 0.bias [16], 2.weight [3×16], 2.bias [3]; cnn.onnx has 0.weight [4×1×3×3], 0.bias [4], 3.weight [3×144], 3.bias [3]", e.Message);
    }

    [Theory]
    [InlineData("input", "pixels", "input", "cnn.onnx has no input 'pixels'; its inputs are 'image'")]
    [InlineData("output", "probabilities", "output", "cnn.onnx has no output 'probabilities'; its outputs are 'logits'")]
    public void AnInputOrOutputThatDoesNotExistListsThoseThatDo(string which, string name, string option, string message)
    {
        var graph = OnnxGraph.Read(CsvTableTests.Fixture("cnn.onnx"));
        var e = Assert.Throws<InvalidOptionException>(() => OnnxRuntimeModel.Create(graph, which == "input" ? name : null, which == "output" ? name : null, LossKind.CrossEntropy));
        Assert.Equal(option, e.Option);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ATruncatedFileIsOneLineNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cnn-truncated-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, File.ReadAllBytes(CsvTableTests.Fixture("cnn.onnx"))[..900]);
        try
        {
            var e = Assert.Throws<InvalidOptionException>(() => OnnxGraph.Read(path));
            Assert.StartsWith($"{Path.GetFileName(path)} is not a readable ONNX model (truncated or not ONNX)", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
