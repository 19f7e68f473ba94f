using LossLandscape.Models;

namespace LossLandscape.Curvature;

/// <summary>
/// Exact Hessian-vector products of an <see cref="Mlp"/>'s mean squared error over a data set, by forward-over-reverse
/// differentiation (Pearlmutter's R-operator), in float64. <see cref="MoveTo"/> fixes the point θ; every
/// <see cref="Multiply"/> then costs about two passes over the data.
/// </summary>
/// <remarks>
/// Everything that does not depend on the vector — activations, f′(z), the back-propagated δ and (Wᵀδ)⊙f″(z) — is
/// computed once per point and kept when it fits in <see cref="CacheBudget"/> doubles; otherwise each product
/// recomputes it chunk by chunk. Samples are split into groups fixed by the sample and parameter counts alone; each
/// group sums into its own vector and the groups are added in order, so a product does not depend on the thread count.
/// All buffers are made in the constructor: a product allocates nothing but the parallel loop's bookkeeping.
/// </remarks>
public sealed class MlpHessian : IHessianVectorProduct
{
    /// <summary>Most doubles kept for the point's forward and backward values (512 MB).</summary>
    public const long CacheBudget = 64L << 20;

    private const int ChunkSize = 64;
    private const int MinGroupSamples = 512;

    /// <summary>Least samples × parameters per group: below it a parallel loop's scheduling costs more than the group's work (a 2-weight model on 8,000 points is one group).</summary>
    private const long MinGroupWork = 1L << 20;
    private const long PartialBudget = 32L << 20;

    private readonly Mlp _model;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly int[] _sizes;
    private readonly int _layers;
    private readonly int _samples;
    private readonly int _chunks;
    private readonly int _groupChunks;
    private readonly int _groups;
    private readonly int _chunkStride;
    private readonly int[] _stateOffsets;
    private readonly int[] _unitOffsets;
    private readonly int _units;
    private readonly double[]? _cache;
    private readonly Group[] _work;
    private readonly double[] _theta;
    private readonly double[] _gradient;
    private readonly Action<int> _productBody;
    private readonly Action<int> _prepareBody;
    private double[] _vector;
    private double _loss;
    private bool _ready;

    /// <summary>Creates the operator for <paramref name="model"/> on samples <paramref name="x"/> (samples × inputs) and targets <paramref name="y"/>.</summary>
    public MlpHessian(Mlp model, double[] x, double[] y)
        : this(model, x, y, CacheBudget)
    {
    }

    /// <summary>Creates the operator, keeping the point's values only when they fit in <paramref name="cacheBudget"/> doubles.</summary>
    internal MlpHessian(Mlp model, double[] x, double[] y, long cacheBudget)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (model.LossKind != LossKind.MeanSquaredError)
        {
            // The products below are the mean squared error's; cross-entropy's Hessian has another output block.
            throw new InvalidOptionException("loss", "the curvature analysis covers the mean squared error; it does not support --loss cross-entropy yet");
        }

        if (x.Length == 0 || x.Length % model.Inputs != 0 || y.Length != x.Length / model.Inputs * model.Outputs)
        {
            throw new ArgumentException($"x must be samples × {model.Inputs} and y samples × {model.Outputs} values");
        }

        _model = model;
        _x = x;
        _y = y;
        _sizes = [.. model.Sizes];
        _layers = _sizes.Length - 1;
        _samples = x.Length / model.Inputs;
        _chunks = (_samples + ChunkSize - 1) / ChunkSize;

        // Per chunk, for each hidden layer: a, f′(z), (Wᵀδ)⊙f″(z) and δ; then the output δ (the residual).
        _stateOffsets = new int[_sizes.Length];
        var offset = 0;
        for (var l = 1; l < _layers; l++)
        {
            _stateOffsets[l] = offset;
            offset += 4 * ChunkSize * _sizes[l];
        }

        _stateOffsets[_layers] = offset;
        offset += ChunkSize * _sizes[_layers];
        _chunkStride = offset;

        // Per sample: R{z} (and R{a}, R{δ}) of every layer after the input.
        _unitOffsets = new int[_sizes.Length];
        var units = 0;
        for (var l = 1; l <= _layers; l++)
        {
            _unitOffsets[l] = units;
            units += _sizes[l];
        }

        _units = units;
        var dimension = model.ParameterCount;
        var maxGroups = (int)Math.Clamp(PartialBudget / Math.Max(1, dimension), 1, 64);
        var groupSamples = (int)Math.Max(Math.Max(MinGroupSamples, (_samples + maxGroups - 1) / maxGroups), Math.Min(_samples, MinGroupWork / Math.Max(1, dimension)));
        _groupChunks = (groupSamples + ChunkSize - 1) / ChunkSize;
        _groups = (_chunks + _groupChunks - 1) / _groupChunks;
        var cacheLength = (long)_chunks * _chunkStride;
        _cache = cacheLength <= cacheBudget ? new double[cacheLength] : null;
        _work = new Group[_groups];
        for (var g = 0; g < _groups; g++)
        {
            _work[g] = new Group(dimension, _units, _sizes.Max(), _cache is null ? _chunkStride : 0);
        }

        _theta = new double[dimension];
        _gradient = new double[dimension];
        _vector = [];
        _productBody = ProductGroup;
        _prepareBody = PrepareGroup;
    }

    /// <inheritdoc/>
    public int Dimension => _model.ParameterCount;

    /// <summary>The model.</summary>
    public Mlp Model => _model;

    /// <summary>Number of samples.</summary>
    public int Samples => _samples;

    /// <summary>The mean loss at the current point.</summary>
    public double Loss => _ready ? _loss : throw new InvalidOperationException("call MoveTo first");

    /// <summary>The gradient of the mean loss at the current point.</summary>
    public ReadOnlySpan<double> Gradient => _ready ? _gradient : throw new InvalidOperationException("call MoveTo first");

    /// <summary>The current point θ.</summary>
    public ReadOnlySpan<double> Point => _theta;

    /// <summary>True when the point's forward and backward values are kept between products.</summary>
    public bool Caches => _cache is not null;

    /// <summary>Makes <paramref name="theta"/> the point of the following products; computes the loss and gradient there.</summary>
    public void MoveTo(ReadOnlySpan<double> theta)
    {
        if (theta.Length != Dimension)
        {
            throw new ArgumentException($"theta must have {Dimension} entries (got {theta.Length})", nameof(theta));
        }

        theta.CopyTo(_theta);
        Run(_prepareBody);
        _gradient.AsSpan().Clear();
        var sum = 0.0;
        foreach (var group in _work)
        {
            sum += group.Loss;
            DenseKernels.Axpy(1.0, group.Partial, _gradient);
        }

        var scale = 2.0 / _y.Length;
        for (var i = 0; i < _gradient.Length; i++)
        {
            _gradient[i] *= scale;
        }

        _loss = sum / _y.Length;
        _ready = true;
    }

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> vector, Span<double> destination)
    {
        if (!_ready)
        {
            throw new InvalidOperationException("call MoveTo first");
        }

        if (vector.Length != Dimension || destination.Length != Dimension)
        {
            throw new ArgumentException($"vector and destination must have {Dimension} entries");
        }

        if (_vector.Length != Dimension)
        {
            _vector = new double[Dimension];
        }

        vector.CopyTo(_vector);
        Run(_productBody);
        destination.Clear();
        foreach (var group in _work)
        {
            DenseKernels.Axpy(1.0, group.Partial, destination);
        }

        var scale = 2.0 / _y.Length;
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] *= scale;
        }
    }

    private void Run(Action<int> body)
    {
        if (_groups == 1)
        {
            body(0);
        }
        else
        {
            Parallel.For(0, _groups, body);
        }
    }

    private void PrepareGroup(int g)
    {
        var group = _work[g];
        group.Partial.AsSpan().Clear();
        var sum = 0.0;
        var last = Math.Min(_chunks, (g + 1) * _groupChunks);
        for (var c = g * _groupChunks; c < last; c++)
        {
            sum += PrepareChunk(c, State(group, c), group.Partial, group.Scratch);
        }

        group.Loss = sum;
    }

    private void ProductGroup(int g)
    {
        var group = _work[g];
        group.Partial.AsSpan().Clear();
        var last = Math.Min(_chunks, (g + 1) * _groupChunks);
        for (var c = g * _groupChunks; c < last; c++)
        {
            var state = State(group, c);
            if (_cache is null)
            {
                PrepareChunk(c, state, default, group.Scratch);
            }

            ProductChunk(c, state, group);
        }
    }

    private Span<double> State(Group group, int chunk) =>
        _cache is null ? group.State : _cache.AsSpan(chunk * _chunkStride, _chunkStride);

    /// <summary>Forward and backward pass of one chunk into its state; adds its gradient (unscaled) when given a destination; returns Σr².</summary>
    private double PrepareChunk(int chunk, Span<double> state, Span<double> gradient, double[] scratch)
    {
        var start = chunk * ChunkSize;
        var count = Math.Min(ChunkSize, _samples - start);
        var theta = (ReadOnlySpan<double>)_theta;
        var activation = _model.Activation;
        var bias = _model.HasBias;
        var sum = 0.0;
        for (var s = 0; s < count; s++)
        {
            // Forward: z, then a, f′ and f″ of every hidden layer (f″ waits in the slot of (Wᵀδ)⊙f″).
            ReadOnlySpan<double> input = _x.AsSpan((start + s) * _sizes[0], _sizes[0]);
            for (var l = 0; l < _layers; l++)
            {
                int fanIn = _sizes[l], fanOut = _sizes[l + 1];
                var weights = theta.Slice(_model.WeightOffset(l), fanOut * fanIn);
                var z = scratch.AsSpan(0, fanOut);
                for (var k = 0; k < fanOut; k++)
                {
                    z[k] = DenseKernels.Dot(weights.Slice(k * fanIn, fanIn), input) + (bias ? theta[_model.BiasOffset(l) + k] : 0.0);
                }

                if (l + 1 == _layers)
                {
                    var residual = Row(state, _layers, 0, s);
                    var target = _y.AsSpan((start + s) * fanOut, fanOut);
                    for (var k = 0; k < fanOut; k++)
                    {
                        residual[k] = z[k] - target[k];
                        sum += residual[k] * residual[k];
                    }

                    break;
                }

                var a = Row(state, l + 1, 0, s);
                var d1 = Row(state, l + 1, 1, s);
                var d2 = Row(state, l + 1, 2, s);
                for (var k = 0; k < fanOut; k++)
                {
                    var value = ActivationFunctions.Value(activation, z[k]);
                    a[k] = value;
                    d1[k] = ActivationFunctions.Derivative(activation, z[k], value);
                    d2[k] = SecondDerivative(activation, z[k], value);
                }

                input = a;
            }

            // Backward: δ of every hidden layer, (Wᵀδ)⊙f″ in place of f″, and the gradient when asked.
            for (var l = _layers - 1; l >= 0; l--)
            {
                int fanIn = _sizes[l], fanOut = _sizes[l + 1];
                var deltaOut = Row(state, l + 1, l + 1 == _layers ? 0 : 3, s);
                ReadOnlySpan<double> inputs = l == 0 ? _x.AsSpan((start + s) * fanIn, fanIn) : Row(state, l, 0, s);
                if (!gradient.IsEmpty)
                {
                    var gw = gradient.Slice(_model.WeightOffset(l), fanOut * fanIn);
                    for (var k = 0; k < fanOut; k++)
                    {
                        DenseKernels.Axpy(deltaOut[k], inputs, gw.Slice(k * fanIn, fanIn));
                        if (bias)
                        {
                            gradient[_model.BiasOffset(l) + k] += deltaOut[k];
                        }
                    }
                }

                if (l == 0)
                {
                    break;
                }

                var weights = theta.Slice(_model.WeightOffset(l), fanOut * fanIn);
                var back = scratch.AsSpan(0, fanIn);
                back.Clear();
                for (var k = 0; k < fanOut; k++)
                {
                    DenseKernels.Axpy(deltaOut[k], weights.Slice(k * fanIn, fanIn), back);
                }

                var d1 = Row(state, l, 1, s);
                var c = Row(state, l, 2, s);
                var delta = Row(state, l, 3, s);
                for (var j = 0; j < fanIn; j++)
                {
                    delta[j] = back[j] * d1[j];
                    c[j] *= back[j];
                }
            }
        }

        return sum;
    }

    /// <summary>Adds Σ over the chunk's samples of R{∇ℓ} (unscaled) for the vector in <c>_vector</c> to the group's partial sum.</summary>
    private void ProductChunk(int chunk, Span<double> state, Group group)
    {
        var start = chunk * ChunkSize;
        var count = Math.Min(ChunkSize, _samples - start);
        var theta = (ReadOnlySpan<double>)_theta;
        var v = (ReadOnlySpan<double>)_vector;
        var bias = _model.HasBias;
        var partial = group.Partial.AsSpan();
        var rz = group.RZ.AsSpan();
        var ra = group.RA.AsSpan();
        var rd = group.RD.AsSpan();
        for (var s = 0; s < count; s++)
        {
            // R-forward: R{z} = V·a + W·R{a} + R{b}, R{a} = f′(z)⊙R{z}; R{a} of the input is 0.
            for (var l = 0; l < _layers; l++)
            {
                int fanIn = _sizes[l], fanOut = _sizes[l + 1];
                var weights = theta.Slice(_model.WeightOffset(l), fanOut * fanIn);
                var tangent = v.Slice(_model.WeightOffset(l), fanOut * fanIn);
                ReadOnlySpan<double> input = l == 0 ? _x.AsSpan((start + s) * fanIn, fanIn) : Row(state, l, 0, s);
                var rIn = l == 0 ? default : ra.Slice(_unitOffsets[l], fanIn);
                var rOut = rz.Slice(_unitOffsets[l + 1], fanOut);
                for (var k = 0; k < fanOut; k++)
                {
                    var value = l > 0
                        ? PairKernels.Dot2(tangent.Slice(k * fanIn, fanIn), input, weights.Slice(k * fanIn, fanIn), rIn)
                        : DenseKernels.Dot(tangent.Slice(k * fanIn, fanIn), input);

                    rOut[k] = value + (bias ? v[_model.BiasOffset(l) + k] : 0.0);
                }

                if (l + 1 < _layers)
                {
                    var d1 = Row(state, l + 1, 1, s);
                    var aOut = ra.Slice(_unitOffsets[l + 1], fanOut);
                    for (var k = 0; k < fanOut; k++)
                    {
                        aOut[k] = d1[k] * rOut[k];
                    }
                }
            }

            // R-backward: R{δ_out} = R{ŷ}; R{∂W} = R{δ}·aᵀ + δ·R{a}ᵀ; R{δ} = (Vᵀδ + WᵀR{δ})⊙f′ + (Wᵀδ)⊙f″⊙R{z}.
            rz.Slice(_unitOffsets[_layers], _sizes[_layers]).CopyTo(rd.Slice(_unitOffsets[_layers], _sizes[_layers]));
            for (var l = _layers - 1; l >= 0; l--)
            {
                int fanIn = _sizes[l], fanOut = _sizes[l + 1];
                var deltaOut = Row(state, l + 1, l + 1 == _layers ? 0 : 3, s);
                var rDeltaOut = rd.Slice(_unitOffsets[l + 1], fanOut);
                ReadOnlySpan<double> input = l == 0 ? _x.AsSpan((start + s) * fanIn, fanIn) : Row(state, l, 0, s);
                var rIn = l == 0 ? default : ra.Slice(_unitOffsets[l], fanIn);
                var gw = partial.Slice(_model.WeightOffset(l), fanOut * fanIn);
                for (var k = 0; k < fanOut; k++)
                {
                    var row = gw.Slice(k * fanIn, fanIn);
                    if (l > 0)
                    {
                        PairKernels.Axpy2(rDeltaOut[k], input, deltaOut[k], rIn, row);
                    }
                    else
                    {
                        DenseKernels.Axpy(rDeltaOut[k], input, row);
                    }

                    if (bias)
                    {
                        partial[_model.BiasOffset(l) + k] += rDeltaOut[k];
                    }
                }

                if (l == 0)
                {
                    break;
                }

                var weights = theta.Slice(_model.WeightOffset(l), fanOut * fanIn);
                var tangent = v.Slice(_model.WeightOffset(l), fanOut * fanIn);
                var rDelta = rd.Slice(_unitOffsets[l], fanIn);
                rDelta.Clear();
                for (var k = 0; k < fanOut; k++)
                {
                    PairKernels.Axpy2(rDeltaOut[k], weights.Slice(k * fanIn, fanIn), deltaOut[k], tangent.Slice(k * fanIn, fanIn), rDelta);
                }

                var d1 = Row(state, l, 1, s);
                var c = Row(state, l, 2, s);
                var rzHere = rz.Slice(_unitOffsets[l], fanIn);
                for (var j = 0; j < fanIn; j++)
                {
                    rDelta[j] = (rDelta[j] * d1[j]) + (c[j] * rzHere[j]);
                }
            }
        }
    }

    /// <summary>Sample <paramref name="s"/>'s row of slot <paramref name="slot"/> (0 a, 1 f′, 2 (Wᵀδ)⊙f″, 3 δ; the output has only slot 0, δ) of layer <paramref name="layer"/>.</summary>
    private Span<double> Row(Span<double> state, int layer, int slot, int s)
    {
        var width = _sizes[layer];
        return state.Slice(_stateOffsets[layer] + (((slot * ChunkSize) + s) * width), width);
    }

    /// <summary>f″(z) given f(z) = <paramref name="value"/>.</summary>
    internal static double SecondDerivative(Activation activation, double z, double value) => activation switch
    {
        Activation.Tanh => -2.0 * value * (1.0 - (value * value)),
        Activation.Sigmoid => value * (1.0 - value) * (1.0 - (2.0 * value)),
        Activation.Gelu => 0.39894228040143267794 * Math.Exp(-0.5 * z * z) * (2.0 - (z * z)),
        Activation.Relu or Activation.Linear => 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };

    /// <summary>One group's partial sums and per-sample buffers.</summary>
    private sealed class Group(int dimension, int units, int maxWidth, int stateLength)
    {
        public double[] Partial { get; } = new double[dimension];

        public double[] RZ { get; } = new double[units];

        public double[] RA { get; } = new double[units];

        public double[] RD { get; } = new double[units];

        public double[] Scratch { get; } = new double[maxWidth];

        public double[] State { get; } = new double[stateLength];

        public double Loss { get; set; }
    }
}
