using System.Text.Json;
using Google.Protobuf;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Planes;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Models;

/// <summary>
/// Directions for a convolutional graph with BatchNorm against PyTorch (tests/reference/conv_bn.*): filters are output
/// channels, BatchNorm's scale and shift move like biases, its running statistics are state that no direction moves.
/// </summary>
public sealed class ConvBatchNormTests
{
    private static JsonElement Ref => Reference.ConvBn;

    private static OnnxGraph Graph() => OnnxGraph.Read(Reference.PathOf("conv_bn.onnx"));

    private static RegressionSet TestSet()
    {
        var (data, split) = ArrayData.Load(new DataOptions { File = Reference.PathOf("conv_bn_data.npz"), SplitArray = "split" }, classes: 3);
        return RegressionSet.Gather(data, split.Test);
    }

    [Fact]
    public void TheParametersAreNamedParametersWithTheRunningStatisticsApart()
    {
        var graph = Graph();
        var expected = Ref.GetProperty("parameters").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(p => p.GetProperty("name").GetString()), graph.Layout.Tensors.Select(t => t.Name));
        Assert.Equal(expected.Select(p => string.Join('x', Reference.Ints(p.GetProperty("shape")))), graph.Layout.Tensors.Select(t => string.Join('x', t.Shape)));
        Assert.Equal(expected.Select(p => p.GetProperty("offset").GetInt32()), graph.Layout.Tensors.Select(t => t.Offset));
        Assert.Equal(1005, graph.Layout.Count);
        Assert.Equal(Reference.Doubles(Ref.GetProperty("theta")), graph.Theta);

        // BatchNorm's scale and shift are bias-like; the conv and linear weights have one filter per output channel.
        Assert.Equal(
            ["0.bias", "2.weight", "2.bias", "3.bias", "5.weight", "5.bias", "7.bias"],
            graph.Layout.Tensors.Where(t => t.Kind == TensorKind.Bias).Select(t => t.Name));
        Assert.Equal([4, 6, 3], graph.Layout.Tensors.Where(t => t.Kind == TensorKind.Weight).Select(t => t.Filters));
        Assert.Equal([27, 36, 216], graph.Layout.Tensors.Where(t => t.Kind == TensorKind.Weight).Select(t => t.FilterLength));

        var statistics = Ref.GetProperty("running_statistics").EnumerateObject().ToDictionary(p => p.Name, p => Reference.Doubles(p.Value));
        Assert.Equal(statistics.Keys.Order(), graph.State.Select(s => s.Name).Order());
        foreach (var state in graph.State)
        {
            Assert.Equal(statistics[state.Name], state.Values);
        }
    }

    [Theory]
    [InlineData("ignore", BiasTreatment.Ignore)]
    [InlineData("keep", BiasTreatment.Keep)]
    public void FilterNormalisedDirectionsEqualPyTorchs(string mode, BiasTreatment biases)
    {
        var graph = Graph();
        foreach (var name in new[] { "d1", "d2" })
        {
            var raw = Reference.Doubles(Ref.GetProperty("raw").GetProperty(name));
            var expected = Reference.Doubles(Ref.GetProperty("filter").GetProperty(mode).GetProperty(name));
            var actual = DirectionNormalizer.Normalize(raw, graph.Theta, graph.Layout, DirectionNormalization.Filter, biases);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-13 * Math.Max(1, Math.Abs(expected[i])), $"{mode} {name}[{i}]: {actual[i]} vs {expected[i]}");
            }
        }
    }

    [Fact]
    public void TheTestLossOnTheIgnorePlaneEqualsPyTorchs()
    {
        var graph = Graph();
        using var model = OnnxRuntimeModel.Create(graph, null, null, LossKind.CrossEntropy);
        var test = TestSet();
        var d1 = DirectionNormalizer.Normalize(Reference.Doubles(Ref.GetProperty("raw").GetProperty("d1")), graph.Theta, graph.Layout, DirectionNormalization.Filter, BiasTreatment.Ignore);
        var d2 = DirectionNormalizer.Normalize(Reference.Doubles(Ref.GetProperty("raw").GetProperty("d2")), graph.Theta, graph.Layout, DirectionNormalization.Filter, BiasTreatment.Ignore);
        var grid = Reference.Doubles(Ref.GetProperty("grid"));
        var expected = Ref.GetProperty("test_cross_entropy_ignore_plane");
        var theta = new double[graph.Layout.Count];
        for (var i = 0; i < grid.Length; i++)
        {
            for (var j = 0; j < grid.Length; j++)
            {
                for (var k = 0; k < theta.Length; k++)
                {
                    theta[k] = graph.Theta[k] + (grid[i] * d1[k]) + (grid[j] * d2[k]);
                }

                var want = expected[i][j].GetDouble();
                var loss = model.Loss(theta, test.X, test.Y);
                Assert.True(Math.Abs(loss - want) <= 2e-6 * want, $"loss at ({grid[i]}, {grid[j]}): {loss} vs PyTorch's {want}");
            }
        }
    }

    [Fact]
    public void TheRunningStatisticsAreTheCentresAndNoDirectionMovesThem()
    {
        // A checkpoint of the same graph whose running variances are doubled: as the centre, its statistics are held.
        var graph = Graph();
        var model = graph.Model.Clone();
        foreach (var tensor in model.Graph.Initializer.Where(t => t.Name.EndsWith("running_var", StringComparison.Ordinal)))
        {
            var values = tensor.RawData.ToByteArray();
            for (var i = 0; i < values.Length; i += 4)
            {
                BitConverter.TryWriteBytes(values.AsSpan(i), BitConverter.ToSingle(values, i) * 2);
            }

            tensor.RawData = ByteString.CopyFrom(values);
        }

        var path = Path.Combine(Path.GetTempPath(), $"conv_bn-var2-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        try
        {
            var checkpoint = OnnxGraph.Read(path, "checkpoints");
            Assert.Equal(graph.Theta, graph.WeightsOf(checkpoint, "checkpoints"));
            var test = TestSet();
            using var own = OnnxRuntimeModel.Create(graph, null, null, LossKind.CrossEntropy);
            using var doubled = OnnxRuntimeModel.Create(checkpoint, null, null, LossKind.CrossEntropy);
            using var held = OnnxRuntimeModel.Create(graph.WithStateOf(checkpoint, "checkpoints"), null, null, LossKind.CrossEntropy);
            var theta = graph.Theta;
            Assert.NotEqual(own.Loss(theta, test.X, test.Y), doubled.Loss(theta, test.X, test.Y));
            Assert.Equal(doubled.Loss(theta, test.X, test.Y), held.Loss(theta, test.X, test.Y));

            // 'keep' moves BatchNorm's scale and shift by their own values; nothing in θ is a running statistic.
            var ones = Enumerable.Repeat(1.0, graph.Layout.Count).ToArray();
            var keep = DirectionNormalizer.Normalize(ones, theta, graph.Layout, DirectionNormalization.Filter, BiasTreatment.Keep);
            Assert.Equal(theta[graph.Layout["2.weight"].Range], keep[graph.Layout["2.weight"].Range]);
            Assert.DoesNotContain(graph.Layout.Tensors, t => t.Name.Contains("running", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FiltersAlongTheSecondAxisAreNormalisedAsAWhole()
    {
        // A transposed convolution's weight (in 2 × out 3 × 2): filter f is w[:, f, :], four entries two blocks apart.
        var tensor = new ParameterTensor("w", 0, TensorKind.Weight, [2, 3, 2], 0) { FilterAxis = 1 };
        var layout = new ModelLayout([tensor]);
        var w = Enumerable.Range(1, 12).Select(v => (double)v).ToArray();
        var d = Enumerable.Range(0, 12).Select(v => (v % 5) + 1.0).ToArray();
        var result = DirectionNormalizer.Normalize(d, w, layout, DirectionNormalization.Filter, BiasTreatment.Ignore);
        for (var f = 0; f < 3; f++)
        {
            int[] at = [(f * 2) + 0, (f * 2) + 1, 6 + (f * 2) + 0, 6 + (f * 2) + 1];
            var wNorm = Math.Sqrt(at.Sum(i => w[i] * w[i]));
            var dNorm = Math.Sqrt(at.Sum(i => d[i] * d[i]));
            foreach (var i in at)
            {
                Assert.Equal(d[i] * wNorm / (dNorm + DirectionNormalizer.FilterGuard), result[i], 1e-14);
            }
        }
    }
}
