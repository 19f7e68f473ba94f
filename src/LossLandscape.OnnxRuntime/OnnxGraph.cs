using System.Buffers.Binary;
using Google.Protobuf;
using LossLandscape.Models;
using Onnx;

namespace LossLandscape.OnnxRuntime;

/// <summary>
/// An ONNX graph read with Google.Protobuf (onnx.proto from OnnxSharp): its float initializers as one parameter vector
/// θ (in the graph's initializer order, named as the graph names them), and the graph rewritten once so that those
/// initializers are inputs, which is what lets one ONNX Runtime session evaluate any θ. Errors name option
/// <c>model</c> (or the option given to <see cref="Read"/>).
/// </summary>
public sealed class OnnxGraph
{
    private OnnxGraph(string file, ModelProto model, ModelLayout layout, double[] theta, string signature)
    {
        File = file;
        Model = model;
        Layout = layout;
        Theta = theta;
        Signature = signature;
    }

    /// <summary>The file's name, for messages.</summary>
    public string File { get; }

    /// <summary>The parsed model (not rewritten).</summary>
    public ModelProto Model { get; }

    /// <summary>The float initializers of rank ≥ 1 in graph order: rank 1 as biases, higher ranks as weights (one row per output channel).</summary>
    public ModelLayout Layout { get; }

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

            var kind = shape.Length == 1 ? TensorKind.Bias : TensorKind.Weight;
            layer += kind == TensorKind.Weight || layer < 0 ? 1 : 0;
            tensors.Add(new ParameterTensor(initializer.Name, layer, kind, shape, theta.Count));
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
                .Concat(tensors.Select(t => $"{t.Name}[{string.Join('x', t.Shape)}]")));
        return new OnnxGraph(name, model, new ModelLayout(tensors), [.. theta], signature);
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
