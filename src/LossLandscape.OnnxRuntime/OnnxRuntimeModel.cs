using System.Globalization;
using LossLandscape.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace LossLandscape.OnnxRuntime;

/// <summary>
/// Any ONNX graph evaluated by ONNX Runtime (CPU, float32) as an <see cref="IEvaluatedModel"/>: θ is the graph's float
/// initializers (<see cref="OnnxGraph"/>), fed as inputs to one <see cref="InferenceSession"/> that serves every call;
/// the loss is computed in float64 from the float32 outputs. Each thread keeps its own pinned buffers and
/// <see cref="OrtValue"/>s (made on its first call), and the session runs single-threaded, so a value does not depend
/// on which thread computed it. The data's columns are the input's values per sample in row-major order (64 columns
/// fill 1×8×8).
/// </summary>
public sealed class OnnxRuntimeModel : IEvaluatedModel, IDisposable
{
    /// <summary>Most samples per session run when the batch dimension is free (bounds the buffers).</summary>
    public const int MaxChunk = 1024;

    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _inputShape;
    private readonly long[] _outputShape;
    private readonly int _fixedBatch;
    private readonly ThreadLocal<Workspace> _workspaces;

    private OnnxRuntimeModel(OnnxGraph graph, InferenceSession session, string input, long[] inputShape, string output, long[] outputShape, LossKind loss)
    {
        _session = session;
        Layout = graph.Layout;
        Weights = graph.Theta;
        LossKind = loss;
        _inputShape = inputShape;
        _outputShape = outputShape;
        _fixedBatch = inputShape[0] > 0 ? (int)inputShape[0] : 0;
        Inputs = (int)inputShape.Skip(1).Aggregate(1L, (a, b) => a * b);
        Outputs = (int)outputShape.Skip(1).Aggregate(1L, (a, b) => a * b);
        _inputNames = [input, .. graph.Layout.Tensors.Select(t => t.Name)];
        _outputNames = [output];
        Description = string.Create(CultureInfo.InvariantCulture, $"{graph.File} (ONNX Runtime; input '{input}' [{Shape(inputShape)}], output '{output}' [{Shape(outputShape)}])");
        _workspaces = new ThreadLocal<Workspace>(() => new Workspace(this), trackAllValues: true);
    }

    /// <inheritdoc/>
    public ModelLayout Layout { get; }

    /// <inheritdoc/>
    public int ParameterCount => Layout.Count;

    /// <inheritdoc/>
    public int Inputs { get; }

    /// <inheritdoc/>
    public int Outputs { get; }

    /// <inheritdoc/>
    public int Targets => LossKind == LossKind.CrossEntropy ? 1 : Outputs;

    /// <inheritdoc/>
    public LossKind LossKind { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double> Weights { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>
    /// Loads <paramref name="graph"/> into one session with its weights as inputs. <paramref name="input"/> and
    /// <paramref name="output"/> pick among several (null when there is one); errors name <c>input</c>, <c>output</c>
    /// or <c>model</c>.
    /// </summary>
    public static OnnxRuntimeModel Create(OnnxGraph graph, string? input, string? output, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var inputName = Pick("input", input, graph.DataInputs.Select(i => i.Name).ToList(), graph.File);
        var outputName = Pick("output", output, graph.Model.Graph.Output.Select(o => o.Name).ToList(), graph.File);
        var info = graph.DataInputs.First(i => i.Name == inputName);
        if (info.Type?.TensorType is not { } tensorType || tensorType.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidOptionException("input", $"{graph.File}: the input '{inputName}' is not a float tensor; the data are fed as float32");
        }

        InferenceSession session;
        try
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = new InferenceSession(graph.WithWeightsAsInputs(), options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOptionException("model", $"ONNX Runtime cannot load {graph.File}: {FirstLine(e.Message)}");
        }

        try
        {
            var inputShape = Dimensions(session.InputMetadata[inputName], "input", inputName, graph.File);
            var outputShape = Dimensions(session.OutputMetadata[outputName], "output", outputName, graph.File);
            if (session.OutputMetadata[outputName].ElementDataType != TensorElementType.Float)
            {
                throw new InvalidOptionException("output", $"{graph.File}: the output '{outputName}' is not a float tensor");
            }

            if (inputShape[0] > 0 && outputShape[0] > 0 && inputShape[0] != outputShape[0])
            {
                throw new InvalidOptionException("output", $"{graph.File}: the output '{outputName}' does not have the input's batch dimension first");
            }

            outputShape[0] = inputShape[0];
            return new OnnxRuntimeModel(graph, session, inputName, inputShape, outputName, outputShape, loss);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var workspace = Prepare(theta, x, y, out var samples);
        var sum = 0.0;
        for (var start = 0; start < samples; start += workspace.Chunk)
        {
            var count = Math.Min(workspace.Chunk, samples - start);
            var output = workspace.Run(x.Slice(start * Inputs, count * Inputs), count);
            sum += LossKind == LossKind.CrossEntropy
                ? NegativeLogLikelihood(output, y.Slice(start, count), Outputs)
                : SquaredErrors(output, y.Slice(start * Outputs, count * Outputs));
        }

        return sum / y.Length;
    }

    /// <inheritdoc/>
    public double Accuracy(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (LossKind != LossKind.CrossEntropy)
        {
            throw new InvalidOperationException("accuracy is a classifier's");
        }

        var workspace = Prepare(theta, x, y, out var samples);
        var correct = 0;
        for (var start = 0; start < samples; start += workspace.Chunk)
        {
            var count = Math.Min(workspace.Chunk, samples - start);
            var output = workspace.Run(x.Slice(start * Inputs, count * Inputs), count);
            for (var s = 0; s < count; s++)
            {
                var row = output.Slice(s * Outputs, Outputs);
                var best = 0;
                for (var k = 1; k < row.Length; k++)
                {
                    best = row[k] > row[best] ? k : best;
                }

                correct += best == (int)y[start + s] ? 1 : 0;
            }
        }

        return (double)correct / samples;
    }

    /// <summary>Not available: ONNX Runtime evaluates the graph forward only.</summary>
    public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient) =>
        throw new NotSupportedException("an ONNX graph evaluated by ONNX Runtime gives losses, not gradients");

    /// <summary>Releases the session and every thread's buffers.</summary>
    public void Dispose()
    {
        foreach (var workspace in _workspaces.Values)
        {
            workspace.Dispose();
        }

        _workspaces.Dispose();
        _session.Dispose();
    }

    private Workspace Prepare(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, out int samples)
    {
        if (theta.Length != ParameterCount)
        {
            throw new ArgumentException($"θ has {theta.Length} entries; the model has {ParameterCount}", nameof(theta));
        }

        if (x.Length % Inputs != 0 || x.Length == 0)
        {
            throw new ArgumentException($"x must hold a positive multiple of {Inputs} values", nameof(x));
        }

        samples = x.Length / Inputs;
        if (y.Length != samples * Targets)
        {
            throw new ArgumentException($"y must hold {samples * Targets} values", nameof(y));
        }

        if (_fixedBatch > 0 && samples % _fixedBatch != 0)
        {
            throw new InvalidOptionException("model", $"{Description} takes batches of exactly {_fixedBatch} samples; {samples} is not a multiple");
        }

        var workspace = _workspaces.Value!;
        workspace.SetWeights(theta);
        return workspace;
    }

    private static double NegativeLogLikelihood(ReadOnlySpan<float> logits, ReadOnlySpan<double> classes, int k)
    {
        var sum = 0.0;
        for (var s = 0; s < classes.Length; s++)
        {
            var row = logits.Slice(s * k, k);
            double max = row[0];
            for (var j = 1; j < k; j++)
            {
                max = Math.Max(max, row[j]);
            }

            var total = 0.0;
            for (var j = 0; j < k; j++)
            {
                total += Math.Exp(row[j] - max);
            }

            sum += max + Math.Log(total) - row[(int)classes[s]];
        }

        return sum;
    }

    private static double SquaredErrors(ReadOnlySpan<float> outputs, ReadOnlySpan<double> targets)
    {
        var sum = 0.0;
        for (var i = 0; i < targets.Length; i++)
        {
            var r = outputs[i] - targets[i];
            sum += r * r;
        }

        return sum;
    }

    private static string Pick(string option, string? given, List<string> names, string file)
    {
        var list = string.Join(", ", names.Select(n => $"'{n}'"));
        if (given is not null)
        {
            return names.Contains(given)
                ? given
                : throw new InvalidOptionException(option, $"{file} has no {option} '{given}'; its {option}s are {list}");
        }

        return names.Count == 1
            ? names[0]
            : throw new InvalidOptionException(option, $"{file} has {names.Count} {option}s ({list}); pick one with --{option} NAME");
    }

    private static long[] Dimensions(NodeMetadata metadata, string option, string name, string file)
    {
        var dims = metadata.Dimensions.Select(d => (long)d).ToArray();
        if (dims.Length < 2 || dims.Skip(1).Any(d => d <= 0))
        {
            throw new InvalidOptionException(option, $"{file}: the {option} '{name}' must be a batch dimension followed by fixed sizes (it is [{Shape(dims)}])");
        }

        return dims;
    }

    private static string Shape(IEnumerable<long> dims) => string.Join("×", dims.Select(d => d > 0 ? d.ToString(CultureInfo.InvariantCulture) : "batch"));

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>One thread's pinned buffers and their OrtValues: the weights, and the data and outputs per chunk size.</summary>
    private sealed class Workspace : IDisposable
    {
        private readonly OnnxRuntimeModel _model;
        private readonly float[][] _weights;
        private readonly OrtValue[] _inputs;
        private readonly OrtValue[] _outputs = new OrtValue[1];
        private readonly RunOptions _run = new();
        private readonly Dictionary<int, (float[] X, OrtValue XValue, float[] Out, OrtValue OutValue)> _chunks = [];

        public Workspace(OnnxRuntimeModel model)
        {
            _model = model;
            var tensors = model.Layout.Tensors;
            _weights = [.. tensors.Select(t => new float[t.Length])];
            _inputs = new OrtValue[tensors.Count + 1];
            for (var i = 0; i < tensors.Count; i++)
            {
                _inputs[i + 1] = OrtValue.CreateTensorValueFromMemory(_weights[i], tensors[i].Shape.Select(d => (long)d).ToArray());
            }

            Chunk = model._fixedBatch > 0 ? model._fixedBatch : MaxChunk;
        }

        /// <summary>Samples per run (the last run of a free batch may be shorter).</summary>
        public int Chunk { get; }

        public void SetWeights(ReadOnlySpan<double> theta)
        {
            var tensors = _model.Layout.Tensors;
            for (var t = 0; t < tensors.Count; t++)
            {
                var source = theta.Slice(tensors[t].Offset, tensors[t].Length);
                var destination = _weights[t];
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)source[i];
                }
            }
        }

        /// <summary>Runs the session on <paramref name="count"/> samples of <paramref name="x"/>; the outputs stay valid until the next run.</summary>
        public ReadOnlySpan<float> Run(ReadOnlySpan<double> x, int count)
        {
            if (!_chunks.TryGetValue(count, out var chunk))
            {
                var inputShape = _model._inputShape.ToArray();
                var outputShape = _model._outputShape.ToArray();
                inputShape[0] = count;
                outputShape[0] = count;
                var xs = new float[count * _model.Inputs];
                var outs = new float[count * _model.Outputs];
                chunk = (xs, OrtValue.CreateTensorValueFromMemory(xs, inputShape), outs, OrtValue.CreateTensorValueFromMemory(outs, outputShape));
                _chunks[count] = chunk;
            }

            for (var i = 0; i < x.Length; i++)
            {
                chunk.X[i] = (float)x[i];
            }

            _inputs[0] = chunk.XValue;
            _outputs[0] = chunk.OutValue;
            _model._session.Run(_run, _model._inputNames, _inputs, _model._outputNames, _outputs);
            return chunk.Out;
        }

        public void Dispose()
        {
            foreach (var value in _inputs.Skip(1))
            {
                value.Dispose();
            }

            foreach (var chunk in _chunks.Values)
            {
                chunk.XValue.Dispose();
                chunk.OutValue.Dispose();
            }

            _run.Dispose();
        }
    }
}
