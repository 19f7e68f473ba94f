using System.Text.Json;
using Google.Protobuf;
using LossLandscape.Models;
using LossLandscape.Tests.Data;

namespace LossLandscape.Tests.Models;

/// <summary>GELU graphs as torch exports them, and the tool's own export read back.</summary>
public sealed class OnnxRoundTripTests
{
    [Fact]
    public void TorchsGeluExportImportsAsAGeluMlpWithPyTorchsOutputs()
    {
        var root = JsonDocument.Parse(File.ReadAllText(CsvTableTests.Fixture("mlp-gelu.json"))).RootElement;
        var imported = OnnxMlpImport.Read(CsvTableTests.Fixture("mlp-gelu.onnx"));
        Assert.Equal([3, 5, 2], imported.Spec.Layers);
        Assert.Equal(Activation.Gelu, imported.Spec.Activation);
        Assert.True(imported.Spec.Bias);
        Assert.Equal(root.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()), imported.Theta);
        var x = root.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = root.GetProperty("outputs_float64").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var outputs = new double[expected.Length];
        new Mlp(imported.Spec).Predict(imported.Theta, x, outputs);
        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.True(Math.Abs(outputs[i] - expected[i]) <= 1e-13 * Math.Max(1, Math.Abs(expected[i])), $"{i}: {outputs[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [InlineData(Activation.Tanh, true)]
    [InlineData(Activation.Relu, false)]
    [InlineData(Activation.Sigmoid, true)]
    [InlineData(Activation.Gelu, true)]
    [InlineData(Activation.Linear, true)]
    public void TheExportReadsBackAsTheSameModelInFloat32(Activation activation, bool bias)
    {
        var spec = new MlpSpec([3, 6, 4, 2], activation, bias);
        var theta = new Mlp(spec).Initialize(5);
        var bytes = OnnxMlpExport.Build(spec, theta).ToByteArray();
        var imported = OnnxMlpImport.Parse(bytes, "export.onnx");
        Assert.Equal(spec.Layers, imported.Spec.Layers);
        Assert.Equal(bias, imported.Spec.Bias);
        Assert.Equal(activation, imported.Spec.Activation);
        Assert.Equal(theta.Select(v => (double)(float)v), imported.Theta);
    }
}
