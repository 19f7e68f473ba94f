using System.Text.Json;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Tests.Data;

namespace LossLandscape.Tests.Models;

public sealed class OnnxMlpImportTests
{
    [Fact]
    public void TheTanhFixtureImportsWithPyTorchsWeightsAndLosses()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(CsvTableTests.Fixture("mlp-tanh.json")));
        var root = reference.RootElement;
        var imported = OnnxMlpImport.Read(CsvTableTests.Fixture("mlp-tanh.onnx"));
        Assert.Equal(new MlpSpec([1, 8, 8, 1], Activation.Tanh, Bias: true).ToString(), imported.Spec.ToString());
        Assert.Equal([1, 8, 8, 1], imported.Spec.Layers);
        Assert.Equal("input", imported.InputName);
        Assert.Equal("output", imported.OutputName);
        var theta = root.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(theta, imported.Theta);

        var data = CsvTable.Read(CsvTableTests.Fixture("mlp-tanh.csv"));
        var mlp = new Mlp(imported.Spec);
        var loss = mlp.Loss(imported.Theta, data.X, data.Y);
        var expected = root.GetProperty("mse_float64").GetDouble();
        Assert.True(Math.Abs(loss - expected) <= 1e-12 * expected, $"{loss} vs PyTorch's {expected}");

        var outputs = new double[data.Rows];
        mlp.Predict(imported.Theta, data.X, outputs);
        var float32 = root.GetProperty("outputs_float32").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.True(Math.Abs(outputs[i] - float32[i]) <= 1e-6 * Math.Max(1, Math.Abs(float32[i])), $"row {i}: {outputs[i]} vs {float32[i]}");
        }
    }

    [Fact]
    public void TheClassifierFixtureImportsAsA2By16By3TanhNetwork()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(CsvTableTests.Fixture("classifier.json")));
        var imported = OnnxMlpImport.Read(CsvTableTests.Fixture("classifier.onnx"));
        Assert.Equal([2, 16, 3], imported.Spec.Layers);
        Assert.True(imported.Spec.Bias);
        Assert.Equal(reference.RootElement.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()), imported.Theta);
    }

    [Fact]
    public void ATruncatedFileIsAModelError()
    {
        var bytes = File.ReadAllBytes(CsvTableTests.Fixture("mlp-tanh.onnx"));
        var error = Assert.Throws<InvalidOptionException>(() => OnnxMlpImport.Parse(bytes[..(bytes.Length / 2)], "cut.onnx"));
        Assert.Equal("model", error.Option);
        Assert.StartsWith("cut.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageIsAModelError()
    {
        var error = Assert.Throws<InvalidOptionException>(() => OnnxMlpImport.Parse("not onnx at all"u8.ToArray(), "text.onnx"));
        Assert.Equal("model", error.Option);
    }

    [Fact]
    public void AnUnsupportedOperatorIsNamedAndSentToOnnxRuntime()
    {
        var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(CsvTableTests.Fixture("mlp-tanh.onnx")));
        var tanh = model.Graph.Node.First(n => n.OpType == "Tanh");
        tanh.OpType = "Softsign";
        var error = Assert.Throws<InvalidOptionException>(() => OnnxMlpImport.Parse(Google.Protobuf.MessageExtensions.ToByteArray(model), "soft.onnx"));
        Assert.Equal("model", error.Option);
        Assert.Contains("operator Softsign", error.Message, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime will evaluate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingInitializerIsAModelError()
    {
        var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(CsvTableTests.Fixture("mlp-tanh.onnx")));
        var removed = model.Graph.Initializer.First(t => t.Name == "2.weight");
        model.Graph.Initializer.Remove(removed);
        var error = Assert.Throws<InvalidOptionException>(() => OnnxMlpImport.Parse(Google.Protobuf.MessageExtensions.ToByteArray(model), "m.onnx"));
        Assert.Equal("model", error.Option);
        Assert.Contains("'2.weight', which is not an initializer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonFloatInitializerIsAModelError()
    {
        var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(CsvTableTests.Fixture("mlp-tanh.onnx")));
        model.Graph.Initializer.First(t => t.Name == "0.bias").DataType = (int)Onnx.TensorProto.Types.DataType.Int32;
        var error = Assert.Throws<InvalidOptionException>(() => OnnxMlpImport.Parse(Google.Protobuf.MessageExtensions.ToByteArray(model), "m.onnx"));
        Assert.Equal("model", error.Option);
        Assert.Contains("'0.bias' holds int32, not float or double", error.Message, StringComparison.Ordinal);
    }
}
