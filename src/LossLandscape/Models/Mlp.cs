using System.Runtime.Intrinsics;
using LossLandscape.Data;

namespace LossLandscape.Models;

/// <summary>
/// A multilayer perceptron as <c>nn.Sequential(Linear, act, …, Linear)</c> with the mean squared error over its
/// outputs, in float64. Parameters are flat in PyTorch's <c>parameters()</c> order (see <see cref="ModelLayout.ForMlp"/>).
/// </summary>
/// <remarks>
/// Samples are processed in chunks of <see cref="ChunkSize"/>, unit-major (each unit's values over the chunk's samples
/// in one row), so every product runs over samples in SIMD lanes; each chunk's forward values are kept for its backward pass, so memory does not grow with the number of samples. The buffers belong to the calling thread and are
/// reused, so a call allocates nothing once a thread has seen a model of this size; every sum runs in an order fixed by
/// the shapes alone, so results do not depend on the thread.
/// </remarks>
public sealed partial class Mlp : IModel, IDenseNetwork, IClassifier, IUniformStart, IDefaultStart
{
    /// <summary>Samples per chunk of the forward and backward passes.</summary>
    internal const int ChunkSize = 64;

    [ThreadStatic]
    private static double[]? t_buffer;

    private readonly int[] _sizes;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly int[] _valueOffsets;
    private readonly int _deltaOffset;
    private readonly int _inputOffset;
    private readonly int _maxWidth;
    private readonly int _bufferLength;

    /// <summary>Creates the MLP <paramref name="spec"/> describes; throws <see cref="InvalidOptionException"/> for an invalid spec.</summary>
    public Mlp(MlpSpec spec)
        : this(spec, LossKind.MeanSquaredError)
    {
    }

    /// <summary>Creates the MLP <paramref name="spec"/> describes with the loss <paramref name="loss"/> (cross-entropy needs at least two outputs).</summary>
    public Mlp(MlpSpec spec, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.ThrowIfInvalid(inputs: null, outputs: null);
        if (!Enum.IsDefined(loss))
        {
            throw new InvalidOptionException("loss", $"must be mse or cross-entropy (got {(int)loss})");
        }

        if (loss == LossKind.CrossEntropy && spec.Layers[^1] < 2)
        {
            throw new InvalidOptionException("layers", $"cross-entropy needs at least two outputs, one per class (got {spec.Layers[^1]})");
        }

        Spec = spec;
        LossKind = loss;
        _sizes = [.. spec.Layers];
        Layout = ModelLayout.ForMlp(_sizes, spec.Bias);
        var layers = _sizes.Length - 1;
        _weightOffsets = new int[layers];
        _biasOffsets = new int[layers];
        foreach (var tensor in Layout.Tensors)
        {
            (tensor.Kind == TensorKind.Weight ? _weightOffsets : _biasOffsets)[tensor.Layer] = tensor.Offset;
        }

        // Per chunk: pre-activations z and activations a of every layer after the input, then two delta rows.
        _valueOffsets = new int[_sizes.Length];
        var offset = 0;
        for (var l = 1; l < _sizes.Length; l++)
        {
            _valueOffsets[l] = offset;
            offset += 2 * ChunkSize * _sizes[l];
        }

        _deltaOffset = offset;
        _maxWidth = _sizes.Max();
        _inputOffset = offset + (2 * ChunkSize * _maxWidth);
        _bufferLength = _inputOffset + (ChunkSize * _sizes[0]);
    }

    /// <summary>The spec this model was made from.</summary>
    public MlpSpec Spec { get; }

    /// <summary>This MLP: its exact derivatives are its own.</summary>
    Mlp IDenseNetwork.Network => this;

    /// <inheritdoc/>
    public ModelLayout Layout { get; }

    /// <inheritdoc/>
    public int ParameterCount => Layout.Count;

    /// <inheritdoc/>
    public int Inputs => _sizes[0];

    /// <inheritdoc/>
    public int Outputs => _sizes[^1];

    /// <inheritdoc/>
    public int Targets => LossKind == LossKind.CrossEntropy ? 1 : Outputs;

    /// <summary>The loss: mean squared error, or cross-entropy over the outputs as logits.</summary>
    public LossKind LossKind { get; }

    /// <summary>Sizes: input, hidden…, output.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>Number of linear layers.</summary>
    public int LayerCount => _sizes.Length - 1;

    /// <summary>The activation between layers.</summary>
    public Activation Activation => Spec.Activation;

    /// <summary>True when every layer has a bias.</summary>
    public bool HasBias => Spec.Bias;

    /// <summary>Offset of layer <paramref name="layer"/>'s weight matrix (out × in, row-major) in the flat vector.</summary>
    public int WeightOffset(int layer) => _weightOffsets[layer];

    /// <summary>Offset of layer <paramref name="layer"/>'s bias in the flat vector; only meaningful with biases.</summary>
    public int BiasOffset(int layer) => _biasOffsets[layer];

    /// <summary>
    /// PyTorch's default <c>nn.Linear</c> start: every weight and bias of a layer drawn from U(−1/√fan_in, 1/√fan_in),
    /// tensors in parameter order, from numpy's legacy generator <c>RandomState(seed)</c> (MT19937, see
    /// <see cref="LegacyRandom"/>) as <c>uniform(−1, 1) / √fan_in</c>, so a numpy script reproduces it exactly.
    /// </summary>
    public double[] Initialize(uint seed)
    {
        var random = new LegacyRandom(seed);
        var theta = new double[ParameterCount];
        foreach (var tensor in Layout.Tensors)
        {
            var scale = Math.Sqrt(_sizes[tensor.Layer]);
            for (var i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                theta[i] = (-1.0 + (2.0 * random.NextDouble())) / scale;
            }
        }

        return theta;
    }

    /// <summary>
    /// The seed's start for a 1 → N → 1 network: every hidden weight <paramref name="w1"/>, every output weight
    /// <paramref name="w2"/> (and biases zero). Throws <see cref="InvalidOptionException"/> (<c>init</c>) for other shapes.
    /// </summary>
    public double[] Uniform(double w1, double w2)
    {
        if (_sizes is not [1, _, 1])
        {
            throw new InvalidOptionException("init", $"W1,W2 describes a 1,N,1 network; this one is {string.Join(',', _sizes)}");
        }

        var theta = new double[ParameterCount];
        var hidden = _sizes[1];
        theta.AsSpan(_weightOffsets[0], hidden).Fill(w1);
        theta.AsSpan(_weightOffsets[1], hidden).Fill(w2);
        return theta;
    }

    /// <summary>The outputs for every sample of <paramref name="x"/> (samples × outputs, row-major) into <paramref name="destination"/>.</summary>
    public void Predict(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, Span<double> destination)
    {
        var samples = CheckShapes(theta, x, destination.Length, "destination");
        var buffer = Buffer();
        var output = _valueOffsets[^1] + (ChunkSize * Outputs);
        for (var start = 0; start < samples; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, samples - start);
            Forward(theta, x.Slice(start * Inputs, count * Inputs), count, buffer);
            for (var s = 0; s < count; s++)
            {
                for (var k = 0; k < Outputs; k++)
                {
                    destination[((start + s) * Outputs) + k] = buffer[output + (k * ChunkSize) + s];
                }
            }
        }
    }

    /// <inheritdoc/>
    public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var samples = CheckShapes(theta, x, y.Length, "y");
        if (LossKind == LossKind.CrossEntropy)
        {
            return CrossEntropy(theta, x, y, samples, default);
        }

        var buffer = Buffer();
        var sum = 0.0;
        for (var start = 0; start < samples; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, samples - start);
            Forward(theta, x.Slice(start * Inputs, count * Inputs), count, buffer);
            sum += Residuals(buffer, y.Slice(start * Outputs, count * Outputs), count, keep: false);
        }

        return sum / y.Length;
    }

    /// <inheritdoc/>
    public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient)
    {
        var samples = CheckShapes(theta, x, y.Length, "y");
        if (gradient.Length != ParameterCount)
        {
            throw new ArgumentException($"gradient must have {ParameterCount} entries (got {gradient.Length})", nameof(gradient));
        }

        gradient.Clear();
        if (LossKind == LossKind.CrossEntropy)
        {
            return CrossEntropy(theta, x, y, samples, gradient);
        }

        var buffer = Buffer();
        var sum = 0.0;
        for (var start = 0; start < samples; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, samples - start);
            Forward(theta, x.Slice(start * Inputs, count * Inputs), count, buffer);
            sum += Residuals(buffer, y.Slice(start * Outputs, count * Outputs), count, keep: true);
            Backward(theta, count, buffer, gradient);
        }

        // d/dθ of Σr²/n is 2/n · Σ r·∂ŷ/∂θ.
        var scale = 2.0 / y.Length;
        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] *= scale;
        }

        return sum / y.Length;
    }

    /// <summary>Lanes a chunk of <paramref name="count"/> samples occupies: whole vectors.</summary>
    private static int Lanes(int count) => (count + Vector256<double>.Count - 1) / Vector256<double>.Count * Vector256<double>.Count;

    /// <summary>
    /// Σr² over the chunk (samples in order, outputs within a sample); with <paramref name="keep"/> the residuals r
    /// become the output deltas (unit-major, padding lanes zero) for <see cref="Backward"/>.
    /// </summary>
    private double Residuals(double[] buffer, ReadOnlySpan<double> target, int count, bool keep)
    {
        var output = _valueOffsets[^1] + (ChunkSize * Outputs);
        var delta = buffer.AsSpan(_deltaOffset, Outputs * ChunkSize);
        var sum = 0.0;
        for (var s = 0; s < count; s++)
        {
            for (var k = 0; k < Outputs; k++)
            {
                var r = buffer[output + (k * ChunkSize) + s] - target[(s * Outputs) + k];
                sum += r * r;
                if (keep)
                {
                    delta[(k * ChunkSize) + s] = r;
                }
            }
        }

        if (keep)
        {
            var lanes = Lanes(count);
            for (var k = 0; k < Outputs; k++)
            {
                delta.Slice((k * ChunkSize) + count, lanes - count).Clear();
            }
        }

        return sum;
    }

    /// <summary>
    /// z and a of every layer for <paramref name="count"/> samples, unit-major (one row of <see cref="ChunkSize"/>
    /// lanes per unit, padding lanes zero in the input); the last layer's a is its z (no activation).
    /// </summary>
    private void Forward(ReadOnlySpan<double> theta, ReadOnlySpan<double> input, int count, double[] buffer)
    {
        var lanes = Lanes(count);
        var x = buffer.AsSpan(_inputOffset, Inputs * ChunkSize);
        for (var j = 0; j < Inputs; j++)
        {
            var row = x.Slice(j * ChunkSize, lanes);
            for (var s = 0; s < count; s++)
            {
                row[s] = input[(s * Inputs) + j];
            }

            row[count..].Clear();
        }

        var inputsAt = _inputOffset;
        for (var l = 0; l < LayerCount; l++)
        {
            int fanIn = _sizes[l], fanOut = _sizes[l + 1];
            var weights = theta.Slice(_weightOffsets[l], fanOut * fanIn);
            var bias = HasBias ? theta.Slice(_biasOffsets[l], fanOut) : default;
            var zAt = _valueOffsets[l + 1];
            var aAt = zAt + (ChunkSize * fanOut);
            DenseKernels.Product(weights, bias, buffer.AsSpan(inputsAt, fanIn * ChunkSize), buffer.AsSpan(zAt, fanOut * ChunkSize), fanIn, fanOut, ChunkSize, lanes);
            for (var k = 0; k < fanOut; k++)
            {
                var z = buffer.AsSpan(zAt + (k * ChunkSize), lanes);
                var a = buffer.AsSpan(aAt + (k * ChunkSize), lanes);
                if (l + 1 < LayerCount)
                {
                    ActivationFunctions.Apply(Activation, z, a);
                }
                else
                {
                    z.CopyTo(a);
                }
            }

            inputsAt = aAt;
        }
    }

    /// <summary>Adds Σ δ·∂ŷ/∂θ of one chunk to <paramref name="gradient"/>; the output deltas r are in the first delta row.</summary>
    private void Backward(ReadOnlySpan<double> theta, int count, double[] buffer, Span<double> gradient)
    {
        var lanes = Lanes(count);
        var deltaRows = ChunkSize * _maxWidth;
        var current = _deltaOffset;
        var next = _deltaOffset + deltaRows;
        for (var l = LayerCount - 1; l >= 0; l--)
        {
            int fanIn = _sizes[l], fanOut = _sizes[l + 1];
            var delta = buffer.AsSpan(current, fanOut * ChunkSize);
            var inputsAt = l == 0 ? _inputOffset : _valueOffsets[l] + (ChunkSize * fanIn);
            var inputs = buffer.AsSpan(inputsAt, fanIn * ChunkSize);
            var gw = gradient.Slice(_weightOffsets[l], fanOut * fanIn);
            DenseKernels.AddOuterProducts(delta, inputs, gw, fanIn, fanOut, ChunkSize, lanes);
            if (HasBias)
            {
                for (var k = 0; k < fanOut; k++)
                {
                    gradient[_biasOffsets[l] + k] += DenseKernels.Sum(delta.Slice(k * ChunkSize, lanes));
                }
            }

            if (l == 0)
            {
                break;
            }

            // δ of the layer below: (Wᵀδ) ⊙ f′(z); padding lanes stay zero because δ's are.
            var weights = theta.Slice(_weightOffsets[l], fanOut * fanIn);
            var below = buffer.AsSpan(next, fanIn * ChunkSize);
            DenseKernels.TransposedProduct(weights, delta, below, fanIn, fanOut, ChunkSize, lanes);
            var z = buffer.AsSpan(_valueOffsets[l], fanIn * ChunkSize);
            for (var j = 0; j < fanIn; j++)
            {
                var at = j * ChunkSize;
                ActivationFunctions.MultiplyByDerivative(Activation, z.Slice(at, lanes), inputs.Slice(at, lanes), below.Slice(at, lanes));
            }

            (current, next) = (next, current);
        }
    }

    private double[] Buffer()
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < _bufferLength)
        {
            buffer = new double[_bufferLength];
            t_buffer = buffer;
        }

        return buffer;
    }

    private int CheckShapes(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, int targets, string targetName)
    {
        if (theta.Length != ParameterCount)
        {
            throw new ArgumentException($"theta must have {ParameterCount} entries (got {theta.Length})", nameof(theta));
        }

        if (x.Length == 0 || x.Length % Inputs != 0)
        {
            throw new ArgumentException($"x must be a non-empty samples × {Inputs} array (got {x.Length} values)", nameof(x));
        }

        var samples = x.Length / Inputs;
        var width = targetName == "y" ? Targets : Outputs;
        if (targets != samples * width)
        {
            throw new ArgumentException($"{targetName} must have {samples * width} values for {samples} samples", targetName);
        }

        return samples;
    }
}
