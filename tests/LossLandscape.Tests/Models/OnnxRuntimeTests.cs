using System.Text.Json;
using Google.Protobuf;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Tests.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LossLandscape.Tests.Models;

/// <summary>The fixtures and the tool's own export run by ONNX Runtime (CPU, float32) against the native model.</summary>
public sealed class OnnxRuntimeTests
{
    private static float[] Run(byte[] model, double[] x, int inputs)
    {
        using var session = new InferenceSession(model);
        var tensor = new DenseTensor<float>(x.Select(v => (float)v).ToArray(), [x.Length / inputs, inputs]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), tensor)]);
        return [.. results.Single().AsEnumerable<float>()];
    }

    private static void AssertClose(double[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{i}: ONNX Runtime {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void TheTanhFixtureGivesTheSameLossNativelyAndInOnnxRuntime()
    {
        var root = JsonDocument.Parse(File.ReadAllText(CsvTableTests.Fixture("mlp-tanh.json"))).RootElement;
        var path = CsvTableTests.Fixture("mlp-tanh.onnx");
        var data = CsvTable.Read(CsvTableTests.Fixture("mlp-tanh.csv"));
        var runtime = Run(File.ReadAllBytes(path), data.X, 1);
        var imported = OnnxMlpImport.Read(path);
        var native = new Mlp(imported.Spec);
        var outputs = new double[data.Rows];
        native.Predict(imported.Theta, data.X, outputs);
        AssertClose(outputs, runtime, 1e-6);

        var mse = runtime.Select((v, i) => ((double)v - data.Y[i]) * ((double)v - data.Y[i])).Average();
        var nativeLoss = native.Loss(imported.Theta, data.X, data.Y);
        var pytorch32 = root.GetProperty("mse_float32").GetDouble();
        Assert.True(Math.Abs(mse - nativeLoss) <= 1e-6 * nativeLoss, $"ONNX Runtime {mse} vs native {nativeLoss}");
        Assert.True(Math.Abs(mse - pytorch32) <= 1e-6 * pytorch32, $"ONNX Runtime {mse} vs PyTorch's float32 {pytorch32}");
    }

    [Fact]
    public void TheClassifiersCrossEntropyInOnnxRuntimeEqualsPyTorchs()
    {
        var root = JsonDocument.Parse(File.ReadAllText(CsvTableTests.Fixture("classifier.json"))).RootElement;
        var table = CsvTable.Read(CsvTableTests.Fixture("classifier.csv"), new CsvColumns(Target: "label", Split: "split", Classes: 3));
        var logits = Run(File.ReadAllBytes(CsvTableTests.Fixture("classifier.onnx")), table.X, 2);
        double test = 0;
        var rows = 0;
        for (var r = 0; r < table.Rows; r++)
        {
            if (!table.IsTest![r])
            {
                continue;
            }

            var row = logits.AsSpan(r * 3, 3).ToArray().Select(v => (double)v).ToArray();
            var max = row.Max();
            test += max + Math.Log(row.Sum(v => Math.Exp(v - max))) - row[(int)table.Y[r]];
            rows++;
        }

        test /= rows;
        var expected = root.GetProperty("test").GetProperty("cross_entropy_float64").GetDouble();
        Assert.True(Math.Abs(test - expected) <= 1e-6 * expected, $"ONNX Runtime {test} vs PyTorch's {expected}");
    }

    [Theory]
    [InlineData(Activation.Tanh, true)]
    [InlineData(Activation.Relu, true)]
    [InlineData(Activation.Sigmoid, false)]
    [InlineData(Activation.Gelu, true)]
    [InlineData(Activation.Linear, true)]
    public void TheExportRunsInOnnxRuntimeWithTheNativeOutputs(Activation activation, bool bias)
    {
        var spec = new MlpSpec([3, 8, 8, 2], activation, bias);
        var native = new Mlp(spec);
        var theta = native.Initialize(7).Select(v => (double)(float)v).ToArray();
        var random = new LegacyRandom(8);
        var x = new double[40 * 3];
        random.FillNormal(x, 0, 2);
        x = [.. x.Select(v => (double)(float)v)];
        var outputs = new double[40 * 2];
        native.Predict(theta, x, outputs);
        var runtime = Run(OnnxMlpExport.Build(spec, theta).ToByteArray(), x, 3);
        AssertClose(outputs, runtime, 1e-6);
    }
}
