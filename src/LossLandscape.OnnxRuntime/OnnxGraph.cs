using System.Buffers.Binary;
using Google.Protobuf;
using LossLandscape.Models;
using Onnx;

namespace LossLandscape.OnnxRuntime;

/// <summary>
/// An ONNX graph read with Google.Protobuf (onnx.proto from OnnxSharp): its float initializers as one parameter vector
/// θ (in the graph's initializer order, named as the graph names them), and the graph rewritten once so that those
/// initializers are inputs, which is what lets one ONNX Runtime session evaluate any θ. The operators that read an
/// initializer decide its part: BatchNormalization's running mean and variance are state, not parameters (kept in the
/// graph at the file's values, listed in <see cref="State"/>); its scale and shift, like every 1-D tensor, are treated
/// as biases; a weight's filters lie along its output-channel axis (<see cref="ParameterTensor.FilterAxis"/>). Errors
/// name option <c>model</c> (or the option given to <see cref="Read"/>).
/// </summary>
public sealed class OnnxGraph
{
    private OnnxGraph(string file, ModelProto model, ModelLayout layout, double[] theta, IReadOnlyList<StateTensor> state, string signature)
    {
        File = file;
        Model = model;
        Layout = layout;
        Theta = theta;
        State = state;
        Signature = signature;
    }

    /// <summary>The file's name, for messages.</summary>
    public string File { get; }

    /// <summary>The parsed model (not rewritten).</summary>
    public ModelProto Model { get; }

    /// <summary>
    /// The parameters: float initializers of rank ≥ 1 in graph order but the state, rank 1 as biases, higher ranks as
    /// weights with their filters along the output-channel axis.
    /// </summary>
    public ModelLayout Layout { get; }

    /// <summary>The float initializers that are state, not parameters (BatchNorm's running statistics): held at the file's values.</summary>
    public IReadOnlyList<StateTensor> State { get; }

    /// <summary>Their values as one float64 vector.</summary>
    public double[] Theta { get; }

    /// <summary>The operators in order with their inputs and outputs: two files are the same graph when these and the layouts agree.</summary>
    public string Signature { get; }

    /// <summary>Reads and parses <paramref name="path"/>; errors name <paramref name="option"/>.</summary>
    public static OnnxGraph Read(string path, string option = "model")
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = LossLandscape.IO.InputFile.ReadAllBytes(path, option, Limits.MaxModelFileBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOptionException(option, $"cannot read {path}: {e.Message}");
        }

        var name = Path.GetFileName(path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidOptionException(option, $"{name} is not a readable ONNX model (truncated or not ONNX): {e.Message}");
        }

        if (model.Graph is not { Node.Count: > 0 } graph)
        {
            throw new InvalidOptionException(option, $"{name} is not a readable ONNX model: it has no graph");
        }

        var tensors = new List<ParameterTensor>();
        var theta = new List<double>();
        var layer = -1;
        var parts = Parts(graph);
        var state = new List<StateTensor>();
        foreach (var initializer in graph.Initializer.Where(IsParameter))
        {
            if (initializer.DataLocation == TensorProto.Types.DataLocation.External)
            {
                throw new InvalidOptionException(option, $"{name}: the initializer '{initializer.Name}' keeps its values in an external file, which is not supported");
            }

            var shape = initializer.Dims.Select(d => (int)d).ToArray();
            var values = Floats(initializer);
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (values.Length != count || count < 1)
            {
                throw new InvalidOptionException(option, $"{name}: the initializer '{initializer.Name}' has {values.Length} values for shape [{string.Join(',', shape)}] (truncated?)");
            }

            var part = parts.GetValueOrDefault(initializer.Name, Part.Default);
            if (part == Part.State)
            {
                state.Add(new StateTensor(initializer.Name, shape, values));
                continue;
            }

            var kind = shape.Length == 1 || part == Part.BiasLike ? TensorKind.Bias : TensorKind.Weight;
            layer += kind == TensorKind.Weight || layer < 0 ? 1 : 0;
            var axis = (kind, part) switch
            {
                (TensorKind.Weight, Part.OutputsSecond) => 1,
                (TensorKind.Weight, Part.OutputsLast) => shape.Length - 1,
                _ => 0,
            };
            tensors.Add(new ParameterTensor(initializer.Name, layer, kind, shape, theta.Count) { FilterAxis = axis });
            theta.AddRange(values);
        }

        if (tensors.Count == 0)
        {
            throw new InvalidOptionException(option, $"{name} has no float initializers: there are no weights to slice");
        }

        if (!theta.All(double.IsFinite))
        {
            throw new InvalidOptionException(option, $"{name} holds weights that are not finite");
        }

        var signature = string.Join(
            ";",
            graph.Node.Select(n => $"{n.OpType}({string.Join(',', n.Input)})->{string.Join(',', n.Output)}")
                .Concat(tensors.Select(t => $"{t.Name}[{string.Join('x', t.Shape)}]"))
                .Concat(state.Select(t => $"state {t.Name}[{string.Join('x', t.Shape)}]")));
        return new OnnxGraph(name, model, new ModelLayout(tensors), [.. theta], state, signature);
    }

    /// <summary>
    /// This graph with the state (BatchNorm's running statistics) of <paramref name="centre"/>, the same graph with
    /// other weights: the surface holds the state at the centre's values everywhere. Errors name <paramref name="option"/>.
    /// </summary>
    public OnnxGraph WithStateOf(OnnxGraph centre, string option)
    {
        ArgumentNullException.ThrowIfNull(centre);
        WeightsOf(centre, option);
        if (ReferenceEquals(centre, this) || State.Count == 0)
        {
            return this;
        }

        var model = Model.Clone();
        var replacements = centre.Model.Graph.Initializer
            .Where(t => centre.State.Any(s => s.Name == t.Name))
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
        for (var i = 0; i < model.Graph.Initializer.Count; i++)
        {
            if (replacements.TryGetValue(model.Graph.Initializer[i].Name, out var replacement))
            {
                model.Graph.Initializer[i] = replacement.Clone();
            }
        }

        return new OnnxGraph(File, model, Layout, Theta, centre.State, Signature);
    }

    /// <summary>The parameter vector of <paramref name="checkpoint"/>, which must be the same graph with other weights.</summary>
    public double[] WeightsOf(OnnxGraph checkpoint, string option)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Signature == Signature)
        {
            return checkpoint.Theta;
        }

        var ours = Layout.Tensors.Select(t => $"{t.Name} [{string.Join('×', t.Shape)}]").ToList();
        var theirs = checkpoint.Layout.Tensors.Select(t => $"{t.Name} [{string.Join('×', t.Shape)}]").ToList();
        var difference = ours.SequenceEqual(theirs)
            ? "its operators or their connections differ"
            : $"its weights are {string.Join(", ", theirs)}; {File} has {string.Join(", ", ours)}";
        throw new InvalidOptionException(option, $"{checkpoint.File} is not the same graph as {File}: {difference}");
    }

    /// <summary>
    /// The model with every parameter initializer turned into a float graph input of its shape (the initializer removed;
    /// an input of the same name, as older exporters write, kept), serialised for ONNX Runtime.
    /// </summary>
    public byte[] WithWeightsAsInputs()
    {
        var model = Model.Clone();
        var graph = model.Graph;
        var names = Layout.Tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => !names.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        var inputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in Layout.Tensors.Where(t => !inputs.Contains(t.Name)))
        {
            var shape = new TensorShapeProto();
            shape.Dim.AddRange(tensor.Shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
            graph.Input.Add(new ValueInfoProto
            {
                Name = tensor.Name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
            });
        }

        return model.ToByteArray();
    }

    /// <summary>The graph's data inputs: its inputs that are not initializers.</summary>
    public IReadOnlyList<ValueInfoProto> DataInputs
    {
        get
        {
            var initializers = Model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            return [.. Model.Graph.Input.Where(i => !initializers.Contains(i.Name))];
        }
    }

    /// <summary>What an initializer is to the operators that read it.</summary>
    private enum Part
    {
        /// <summary>A weight with its outputs on the first axis (Conv, Gemm with transB = 1), or a bias by its rank.</summary>
        Default,

        /// <summary>A weight whose outputs are its second axis (ConvTranspose's in × out/groups × kernel).</summary>
        OutputsSecond,

        /// <summary>A weight whose outputs are its last axis (MatMul's B, an untransposed Gemm's B: in × out).</summary>
        OutputsLast,

        /// <summary>A normalisation's scale or shift: moved like a bias.</summary>
        BiasLike,

        /// <summary>A normalisation's running statistics: state that the graph reads and no direction moves.</summary>
        State,
    }

    /// <summary>The part of every initializer the operators decide (the first operator that reads it).</summary>
    private static Dictionary<string, Part> Parts(GraphProto graph)
    {
        var parts = new Dictionary<string, Part>(StringComparer.Ordinal);
        void Mark(NodeProto node, int input, Part part)
        {
            if (node.Input.Count > input && node.Input[input].Length > 0)
            {
                parts.TryAdd(node.Input[input], part);
            }
        }

        foreach (var node in graph.Node)
        {
            switch (node.OpType)
            {
                case "BatchNormalization":
                    Mark(node, 1, Part.BiasLike);
                    Mark(node, 2, Part.BiasLike);
                    Mark(node, 3, Part.State);
                    Mark(node, 4, Part.State);
                    break;
                case "InstanceNormalization" or "LayerNormalization" or "GroupNormalization":
                    Mark(node, 1, Part.BiasLike);
                    Mark(node, 2, Part.BiasLike);
                    break;
                case "ConvTranspose":
                    Mark(node, 1, Part.OutputsSecond);
                    break;
                case "MatMul":
                    Mark(node, 1, Part.OutputsLast);
                    break;
                case "Gemm":
                    var transposed = node.Attribute.FirstOrDefault(a => a.Name == "transB")?.I == 1;
                    Mark(node, 1, transposed ? Part.Default : Part.OutputsLast);
                    break;
                default:
                    break;
            }

            foreach (var input in node.Input)
            {
                parts.TryAdd(input, Part.Default);
            }
        }

        return parts;
    }

    // Float tensors of rank ≥ 1 are the weights; scalars are the constants exporters write (√2 of GELU, 1 of an Add).
    private static bool IsParameter(TensorProto tensor) =>
        tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Dims.Count >= 1;

    private static double[] Floats(TensorProto tensor)
    {
        var raw = tensor.RawData.Span;
        if (raw.Length == 0)
        {
            return [.. tensor.FloatData.Select(f => (double)f)];
        }

        var values = new double[raw.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }

        return values;
    }
}
