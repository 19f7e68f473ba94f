using Google.Protobuf;
using LossLandscape.Platform;
using Onnx;

namespace LossLandscape.Models;

/// <summary>
/// Writes an MLP as an ONNX graph (opset 17, float32) the way <c>torch.onnx.export</c> writes an <c>nn.Sequential</c> of
/// <c>Linear</c> layers: one Gemm (transB = 1) per layer with its weight and bias as initializers, the activation between
/// layers (GELU in its erf form, Div, Erf, Add, Mul, Mul, since opset 17 has no Gelu), input <c>input</c> and output
/// <c>output</c> with a symbolic batch dimension. <see cref="OnnxMlpImport"/> reads it back.
/// </summary>
public static class OnnxMlpExport
{
    /// <summary>The opset the graph declares.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX model of <paramref name="spec"/> with parameters <paramref name="theta"/> (PyTorch's order).</summary>
    public static ModelProto Build(MlpSpec spec, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.ThrowIfInvalid(inputs: null, outputs: null);
        var layout = ModelLayout.ForMlp([.. spec.Layers], spec.Bias);
        if (theta.Length != layout.Count)
        {
            throw new ArgumentException($"theta has {theta.Length} entries; the model has {layout.Count}", nameof(theta));
        }

        var graph = new GraphProto { Name = "losslandscape_mlp" };
        graph.Input.Add(Value("input", spec.Layers[0]));
        graph.Output.Add(Value("output", spec.Layers[^1]));
        var value = "input";
        var layers = spec.Layers.Count - 1;
        for (var layer = 0; layer < layers; layer++)
        {
            var key = 2 * layer;
            var weight = layout[$"{key}.weight"];
            graph.Initializer.Add(Tensor(weight.Name, [weight.Rows, weight.Columns], theta[weight.Range]));
            var gemm = new NodeProto { Name = $"/{key}/Gemm", OpType = "Gemm" };
            gemm.Input.Add(value);
            gemm.Input.Add(weight.Name);
            if (spec.Bias)
            {
                var bias = layout[$"{key}.bias"];
                graph.Initializer.Add(Tensor(bias.Name, [bias.Rows], theta[bias.Range]));
                gemm.Input.Add(bias.Name);
            }

            gemm.Attribute.Add(new AttributeProto { Name = "alpha", F = 1f, Type = AttributeProto.Types.AttributeType.Float });
            gemm.Attribute.Add(new AttributeProto { Name = "beta", F = 1f, Type = AttributeProto.Types.AttributeType.Float });
            gemm.Attribute.Add(new AttributeProto { Name = "transB", I = 1, Type = AttributeProto.Types.AttributeType.Int });
            value = layer + 1 == layers ? "output" : $"/{key}/Gemm_output_0";
            gemm.Output.Add(value);
            graph.Node.Add(gemm);
            if (layer + 1 < layers)
            {
                value = Activate(graph, spec.Activation, value, key + 1);
            }
        }

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "losslandscape",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model;
    }

    /// <summary>Writes the ONNX model of <paramref name="spec"/> and <paramref name="theta"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, MlpSpec spec, ReadOnlySpan<double> theta)
    {
        var bytes = Build(spec, theta).ToByteArray();
        LossLandscape.Platform.AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private static string Activate(GraphProto graph, Activation activation, string input, int index)
    {
        string Node(string op, string output, params string[] inputs)
        {
            var node = new NodeProto { Name = $"/{index}/{op}{(graph.Node.Count(n => n.Name.StartsWith($"/{index}/{op}", StringComparison.Ordinal)) is var c and > 0 ? "_" + c : string.Empty)}", OpType = op };
            node.Input.Add(inputs);
            node.Output.Add(output);
            graph.Node.Add(node);
            return output;
        }

        var prefix = $"/{index}/";
        switch (activation)
        {
            case Activation.Tanh:
                return Node("Tanh", prefix + "Tanh_output_0", input);
            case Activation.Relu:
                return Node("Relu", prefix + "Relu_output_0", input);
            case Activation.Sigmoid:
                return Node("Sigmoid", prefix + "Sigmoid_output_0", input);
            case Activation.Linear:
                return input;
            case Activation.Gelu:
                // gelu(x) = x·(1 + erf(x/√2))·½, in torch's order of operations.
                graph.Initializer.Add(Tensor(prefix + "sqrt2", [], [Math.Sqrt(2.0)]));
                graph.Initializer.Add(Tensor(prefix + "one", [], [1.0]));
                graph.Initializer.Add(Tensor(prefix + "half", [], [0.5]));
                var div = Node("Div", prefix + "Div_output_0", input, prefix + "sqrt2");
                var erf = Node("Erf", prefix + "Erf_output_0", div);
                var add = Node("Add", prefix + "Add_output_0", erf, prefix + "one");
                var mul = Node("Mul", prefix + "Mul_output_0", input, add);
                return Node("Mul", prefix + "Mul_1_output_0", mul, prefix + "half");
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation");
        }
    }

    private static ValueInfoProto Value(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto Tensor(string name, long[] dims, ReadOnlySpan<double> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), (float)values[i]);
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }
}
