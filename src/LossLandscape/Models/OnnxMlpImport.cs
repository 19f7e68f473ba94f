using System.Buffers.Binary;
using Google.Protobuf;
using LossLandscape.Platform;
using Onnx;

namespace LossLandscape.Models;

/// <summary>
/// Reads an ONNX graph that is an MLP (Gemm, or MatMul then Add, with one kind of Tanh, Relu, Sigmoid, Gelu or Identity
/// between the linear layers, as <c>torch.onnx.export</c> writes an <c>nn.Sequential</c> of <c>Linear</c> layers) into
/// the tool's own model. Every problem is one <see cref="InvalidOptionException"/> for option <c>model</c>; the Try
/// methods return it with whether the graph is simply no MLP (<see cref="OnnxMlpReading.NotAnMlp"/>).
/// </summary>
public static class OnnxMlpImport
{
    /// <summary>The option every error names.</summary>
    public const string Option = "model";

    /// <summary>Reads the file at <paramref name="path"/>; throws <see cref="OnnxMlpReading.Error"/> when it is not the tool's MLP.</summary>
    public static OnnxMlp Read(string path)
    {
        var reading = TryRead(path);
        return reading.Mlp ?? throw reading.Error!;
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/> as the tool's MLP, or says why not: a graph that is not an MLP (an
    /// operator, shape or wiring the MLP lacks) is <see cref="OnnxMlpReading.NotAnMlp"/>, which a runtime may evaluate
    /// instead; any other problem (unreadable, truncated, inconsistent) is <see cref="OnnxMlpReading.Error"/>.
    /// </summary>
    public static OnnxMlpReading TryRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = LossLandscape.Platform.InputFile.ReadAllBytes(path, Option, Limits.MaxModelFileBytes);
        }
        catch (InvalidOptionException e)
        {
            // Missing, unreadable or too large: the file's own error.
            return new OnnxMlpReading(null, e, NotAnMlp: false);
        }

        return TryParse(bytes, Path.GetFileName(path));
    }

    /// <summary>Reads an ONNX model from <paramref name="bytes"/>; <paramref name="name"/> names it in errors.</summary>
    public static OnnxMlp Parse(byte[] bytes, string name)
    {
        var reading = TryParse(bytes, name);
        return reading.Mlp ?? throw reading.Error!;
    }

    /// <summary>As <see cref="TryRead"/>, from <paramref name="bytes"/>; <paramref name="name"/> names it in errors.</summary>
    public static OnnxMlpReading TryParse(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            return new OnnxMlpReading(null, new InvalidOptionException(Option, $"{name} is not a readable ONNX model (truncated or not ONNX): {e.Message}"), NotAnMlp: false);
        }

        if (model.Graph is not { Node.Count: > 0 } graph)
        {
            return new OnnxMlpReading(null, new InvalidOptionException(Option, $"{name} is not a readable ONNX model: it has no graph"), NotAnMlp: false);
        }

        // The reader stops at the first problem by throwing; it records whether the problem is that the graph is no MLP.
        var reader = new Reader(name, graph);
        try
        {
            return new OnnxMlpReading(reader.Run(), null, NotAnMlp: false);
        }
        catch (InvalidOptionException e)
        {
            return new OnnxMlpReading(null, e, reader.FoundNoMlp);
        }
    }

    /// <summary>Follows the chain of nodes from the graph's one input to its one output.</summary>
    private sealed class Reader(string file, GraphProto graph)
    {
        private readonly Dictionary<string, TensorProto> _initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        private readonly List<int> _sizes = [];
        private readonly List<double[]> _weights = [];
        private readonly List<double[]?> _biases = [];
        private Activation? _activation;

        public OnnxMlp Run()
        {
            var inputs = graph.Input.Where(i => !_initializers.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1 || graph.Output.Count != 1)
            {
                throw NotAnMlp($"an MLP graph has one input and one output (this one has {inputs.Count} and {graph.Output.Count}); ONNX Runtime will evaluate such a graph");
            }

            var value = inputs[0].Name;
            var output = graph.Output[0].Name;
            var pendingActivation = false;
            while (value != output)
            {
                if (pendingActivation && GeluPattern(value) is { } gelu)
                {
                    SetActivation(Activation.Gelu, gelu.Node);
                    pendingActivation = false;
                    value = gelu.Output;
                    continue;
                }

                var node = Consumer(value);
                switch (node.OpType)
                {
                    case "Gemm":
                        value = Linear(node, pendingActivation);
                        pendingActivation = true;
                        break;
                    case "MatMul":
                        value = MatMul(node, pendingActivation);
                        pendingActivation = true;
                        break;
                    case "Tanh" or "Relu" or "Sigmoid" or "Gelu" or "Identity":
                        if (!pendingActivation || _weights.Count == 0)
                        {
                            throw Error($"node '{node.Name}' ({node.OpType}) must follow a linear layer, and only one may follow each");
                        }

                        SetActivation(node);
                        pendingActivation = false;
                        value = node.Output[0];
                        break;
                    default:
                        throw NotAnMlp($"operator {node.OpType} (node '{node.Name}') is not part of an MLP; ONNX Runtime will evaluate such a graph");
                }
            }

            if (_weights.Count == 0 || !pendingActivation)
            {
                throw NotAnMlp("an MLP graph ends with a linear layer (Gemm or MatMul); ONNX Runtime will evaluate such a graph");
            }

            var bias = _biases[0] is not null;
            if (_biases.Any(b => (b is not null) != bias))
            {
                throw Error("either every linear layer has a bias or none has");
            }

            var spec = new MlpSpec(_sizes, _activation ?? Activation.Linear, bias);
            var theta = new List<double>();
            for (var layer = 0; layer < _weights.Count; layer++)
            {
                theta.AddRange(_weights[layer]);
                if (bias)
                {
                    theta.AddRange(_biases[layer]!);
                }
            }

            var errors = spec.Validate(outputs: null);
            if (errors.Count > 0)
            {
                throw Error(errors[0].Message);
            }

            return new OnnxMlp(spec, [.. theta], graph.Input.First(i => !_initializers.ContainsKey(i.Name)).Name, output);
        }

        /// <summary>
        /// torch's export of the exact GELU at opset 17: Div(v, √2) → Erf → Add(·, 1) → Mul(v, ·) → Mul(·, 0.5), the
        /// constants as initializers or Constant nodes; returns the last Mul and its output, or null when v does not start one.
        /// </summary>
        private (NodeProto Node, string Output)? GeluPattern(string value)
        {
            var consumers = graph.Node.Where(n => n.Input.Contains(value)).ToList();
            var div = consumers.FirstOrDefault(n => n.OpType == "Div" && n.Input.Count == 2 && n.Input[0] == value);
            if (consumers.Count != 2 || div is null || !IsScalar(div.Input[1], Math.Sqrt(2.0)))
            {
                return null;
            }

            var erf = Only(div.Output[0], "Erf");
            var add = erf is null ? null : Only(erf.Output[0], "Add");
            var other = add is null ? null : add.Input[0] == erf!.Output[0] ? add.Input[1] : add.Input[0];
            var mul = add is null ? null : Only(add.Output[0], "Mul");
            if (mul is null || !IsScalar(other!, 1.0) || !mul.Input.Contains(value) || !consumers.Contains(mul))
            {
                return null;
            }

            var half = Only(mul.Output[0], "Mul");
            var factor = half is null ? null : half.Input[0] == mul.Output[0] ? half.Input[1] : half.Input[0];
            return half is not null && IsScalar(factor!, 0.5) ? (half, half.Output[0]) : null;
        }

        private NodeProto? Only(string value, string opType)
        {
            var consumers = graph.Node.Where(n => n.Input.Contains(value)).ToList();
            return consumers is [{ } node] && node.OpType == opType && node.Output.Count == 1 ? node : null;
        }

        /// <summary>True when <paramref name="name"/> is a one-value float initializer or Constant within float32's rounding of <paramref name="expected"/>.</summary>
        private bool IsScalar(string name, double expected)
        {
            var tensor = _initializers.GetValueOrDefault(name)
                ?? graph.Node.FirstOrDefault(n => n.OpType == "Constant" && n.Output.Contains(name))?.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
            if (tensor is null || tensor.Dims.Aggregate(1L, (a, b) => a * b) != 1)
            {
                return false;
            }

            var type = (TensorProto.Types.DataType)tensor.DataType;
            if (type is not (TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Double))
            {
                return false;
            }

            var values = Values(tensor);
            return values.Length == 1 && Math.Abs(values[0] - expected) <= 1e-6 * expected;
        }

        private NodeProto Consumer(string value)
        {
            var consumers = graph.Node.Where(n => n.Input.Contains(value)).ToList();
            return consumers.Count switch
            {
                1 when consumers[0].Output.Count >= 1 => consumers[0],
                0 => throw Error($"the value '{value}' leads nowhere; the graph's output is not reached"),
                _ => throw NotAnMlp($"the value '{value}' feeds {consumers.Count} nodes ({string.Join(", ", consumers.Select(c => c.OpType))}); an MLP is a chain, ONNX Runtime will evaluate such a graph"),
            };
        }

        private void SetActivation(NodeProto node) => SetActivation(
            node.OpType switch
            {
                "Tanh" => Activation.Tanh,
                "Relu" => Activation.Relu,
                "Sigmoid" => Activation.Sigmoid,
                "Gelu" => Gelu(node),
                _ => Activation.Linear,
            },
            node);

        private void SetActivation(Activation activation, NodeProto node)
        {
            if (_activation is { } previous && previous != activation)
            {
                throw NotAnMlp($"node '{node.Name}': the layers use both {previous} and {activation}; the tool's MLP has one activation (ONNX Runtime will evaluate such a graph)");
            }

            _activation = activation;
        }

        private Activation Gelu(NodeProto node)
        {
            var approximate = node.Attribute.FirstOrDefault(a => a.Name == "approximate")?.S.ToStringUtf8() ?? "none";
            return approximate == "none"
                ? Activation.Gelu
                : throw NotAnMlp($"node '{node.Name}': Gelu with approximate='{approximate}' is not supported natively; ONNX Runtime will evaluate such a graph");
        }

        private string Linear(NodeProto node, bool afterLinear)
        {
            CheckChain(afterLinear, node);
            if (Int(node, "transA", 0) != 0 || Float(node, "alpha", 1f) != 1f || Float(node, "beta", 1f) != 1f)
            {
                throw NotAnMlp($"node '{node.Name}': Gemm with transA, alpha or beta other than 0, 1, 1 is not supported natively; ONNX Runtime will evaluate such a graph");
            }

            var (weight, rows, cols) = Matrix(node, node.Input[1]);
            var transB = Int(node, "transB", 0) != 0;
            var (outputs, inputs) = transB ? (rows, cols) : (cols, rows);
            AddLayer(node, transB ? weight : Transpose(weight, rows, cols), inputs, outputs);
            _biases.Add(node.Input.Count > 2 && node.Input[2].Length > 0 ? Bias(node, node.Input[2], outputs) : null);
            return node.Output[0];
        }

        private string MatMul(NodeProto node, bool afterLinear)
        {
            CheckChain(afterLinear, node);
            var (weight, rows, cols) = Matrix(node, node.Input[1]);
            AddLayer(node, Transpose(weight, rows, cols), rows, cols);
            var value = node.Output[0];
            var add = value == graph.Output[0].Name ? null : Consumer(value);
            if (add is { OpType: "Add" })
            {
                var other = add.Input[0] == value ? add.Input[1] : add.Input[0];
                _biases.Add(Bias(add, other, cols));
                return add.Output[0];
            }

            _biases.Add(null);
            return value;
        }

        private void CheckChain(bool afterLinear, NodeProto node)
        {
            // Two linear layers in a row have the identity between them, as an Identity node would say.
            if (afterLinear)
            {
                SetActivation(Activation.Linear, node);
            }
        }

        private void AddLayer(NodeProto node, double[] weight, int inputs, int outputs)
        {
            if (_sizes.Count == 0)
            {
                _sizes.Add(inputs);
            }
            else if (_sizes[^1] != inputs)
            {
                throw Error($"node '{node.Name}' takes {inputs} inputs but the layer before gives {_sizes[^1]}");
            }

            _sizes.Add(outputs);
            _weights.Add(weight);
        }

        private (double[] Values, int Rows, int Cols) Matrix(NodeProto node, string name)
        {
            var tensor = Initializer(node, name);
            if (tensor.Dims.Count != 2)
            {
                throw Error($"the weight '{name}' of node '{node.Name}' has {tensor.Dims.Count} dimensions; a linear layer's has 2");
            }

            return (Values(tensor), checked((int)tensor.Dims[0]), checked((int)tensor.Dims[1]));
        }

        private double[] Bias(NodeProto node, string name, int outputs)
        {
            var tensor = Initializer(node, name);
            var values = Values(tensor);
            return values.Length == outputs && tensor.Dims.Count(d => d != 1) <= 1
                ? values
                : throw Error($"the bias '{name}' of node '{node.Name}' has {values.Length} values; the layer has {outputs} outputs");
        }

        private TensorProto Initializer(NodeProto node, string name) =>
            _initializers.TryGetValue(name, out var tensor)
                ? tensor
                : throw Error($"node '{node.Name}' ({node.OpType}) reads '{name}', which is not an initializer");

        private double[] Values(TensorProto tensor)
        {
            long count = 1;
            foreach (var d in tensor.Dims)
            {
                count = d < 0 ? -1 : count * d;
            }

            var type = (TensorProto.Types.DataType)tensor.DataType;
            var raw = tensor.RawData.Span;
            double[] values = type switch
            {
                TensorProto.Types.DataType.Float when raw.Length > 0 => Floats(raw),
                TensorProto.Types.DataType.Float => [.. tensor.FloatData.Select(f => (double)f)],
                TensorProto.Types.DataType.Double when raw.Length > 0 => Doubles(raw),
                TensorProto.Types.DataType.Double => [.. tensor.DoubleData],
                _ => throw Error($"the initializer '{tensor.Name}' holds {type.ToString().ToLowerInvariant()}, not float or double"),
            };
            return values.Length == count
                ? values
                : throw Error($"the initializer '{tensor.Name}' has {values.Length} values for shape [{string.Join(',', tensor.Dims)}] (truncated or external data)");
        }

        private static double[] Floats(ReadOnlySpan<byte> raw)
        {
            var values = new double[raw.Length / sizeof(float)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
            }

            return values;
        }

        private static double[] Doubles(ReadOnlySpan<byte> raw)
        {
            var values = new double[raw.Length / sizeof(double)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * sizeof(double))..]);
            }

            return values;
        }

        private static double[] Transpose(double[] values, int rows, int cols)
        {
            var result = new double[values.Length];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    result[(c * rows) + r] = values[(r * cols) + c];
                }
            }

            return result;
        }

        private static long Int(NodeProto node, string name, long fallback) =>
            node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;

        private static float Float(NodeProto node, string name, float fallback) =>
            node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? fallback;

        /// <summary>True once the reader has refused the graph as no MLP (a runtime may evaluate it).</summary>
        public bool FoundNoMlp { get; private set; }

        private InvalidOptionException Error(string message) =>
            new(Option, $"{file}: {message}");

        private InvalidOptionException NotAnMlp(string message)
        {
            FoundNoMlp = true;
            return Error(message);
        }
    }
}
