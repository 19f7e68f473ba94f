using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
/// Samples are held unit-major in chunks, so every multiply-add runs over four samples. With few inputs (≤ 8) the two
/// terms of the second layer that pair the point's δ₂ with the tangent of the first two layers are folded into sums
/// fixed at the point (computed once by <see cref="MoveTo"/>), which takes a third of the work out of every product.
/// </remarks>
public sealed class MlpHessian : IHessianVectorProduct
{
    /// <summary>Most doubles kept for the point's forward and backward values (512 MB).</summary>
    public const long CacheBudget = 64L << 20;

    private const int ChunkSize = 64;
    private const int MinGroupSamples = 512;

    /// <summary>Most inputs for which the second layer's δ-terms are folded into sums fixed at the point (see remarks).</summary>
    private const int FoldInputs = 8;

    /// <summary>Least samples × parameters per group: below it a parallel loop's scheduling costs more than the group's work (a 2-weight model on 8,000 points is one group).</summary>
    private const long MinGroupWork = 1L << 20;
    private const long PartialBudget = 32L << 20;

    private readonly Mlp _model;
    private readonly long _cacheBudget;
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
    private readonly AlignedArray<double>? _cache;
    private readonly Group[] _work;
    private readonly double[] _theta;
    private readonly double[] _gradient;
    private readonly bool _fold;
    private readonly double[] _fixed;
    private readonly Action<int> _productBody;
    private readonly Action<int> _prepareBody;
    private double[] _vector;
    private double _loss;
    private bool _ready;
    private bool _hasGradient;
    private bool _withGradient = true;

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
            throw new InvalidOptionException("loss", "the curvature analysis covers the mean squared error; it does not support «loss» cross-entropy yet");
        }

        if (x.Length == 0 || x.Length % model.Inputs != 0 || y.Length != x.Length / model.Inputs * model.Outputs)
        {
            throw new ArgumentException($"x must be samples × {model.Inputs} and y samples × {model.Outputs} values");
        }

        _model = model;
        _cacheBudget = cacheBudget;
        _x = x;
        _y = y;
        _sizes = [.. model.Sizes];
        _layers = _sizes.Length - 1;
        _samples = x.Length / model.Inputs;
        _chunks = (_samples + ChunkSize - 1) / ChunkSize;

        // Per chunk, unit-major: the input; for each hidden layer a, f′(z), (Wᵀδ)⊙f″(z) and δ; the output δ (the residual).
        _stateOffsets = new int[_sizes.Length];
        var offset = ChunkSize * _sizes[0];
        for (var l = 1; l < _layers; l++)
        {
            _stateOffsets[l] = offset;
            offset += 4 * ChunkSize * _sizes[l];
        }

        _stateOffsets[_layers] = offset;
        offset += ChunkSize * _sizes[_layers];
        _chunkStride = offset;

        // Per chunk: R{z} (and R{a}) of every layer after the input.
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
        _cache = cacheLength <= cacheBudget ? new AlignedArray<double>((int)cacheLength) : null;
        _fold = _layers >= 2 && _sizes[0] <= FoldInputs;
        var fixedLength = _fold ? (_sizes[0] + 1) * _sizes[1] * _sizes[2] : 0;
        _fixed = new double[fixedLength];
        _work = new Group[_groups];
        for (var g = 0; g < _groups; g++)
        {
            _work[g] = new Group(dimension, _units, _sizes.Max(), _cache is null ? _chunkStride : 0, fixedLength);
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
    public ReadOnlySpan<double> Gradient => _ready && _hasGradient ? _gradient : throw new InvalidOperationException("call MoveTo first");

    /// <summary>The current point θ.</summary>
    public ReadOnlySpan<double> Point => _theta;

    /// <summary>
    /// True (the default) to run the sample groups of a product on the thread pool; false to run them one after another
    /// on the calling thread (when the caller is parallel itself). The result is the same bit for bit either way.
    /// </summary>
    public bool Parallel { get; set; } = true;

    /// <summary>True when the point's forward and backward values are kept between products.</summary>
    public bool Caches => _cache is not null;

    /// <summary>
    /// A new operator over the same model and data with buffers of its own and <see cref="Parallel"/> false, for
    /// another thread; call <see cref="MoveTo"/> before its first product.
    /// </summary>
    public MlpHessian Copy() => new(_model, _x, _y, _cacheBudget) { Parallel = false };

    /// <summary>Makes <paramref name="theta"/> the point of the following products; computes the loss and gradient there.</summary>
    public void MoveTo(ReadOnlySpan<double> theta) => Move(theta, gradient: true);

    /// <summary>
    /// <see cref="MoveTo"/> without the gradient: a sharpness map needs only the loss and the products, and the
    /// gradient's outer products are about a quarter of a product's work. <see cref="Gradient"/> then throws until the
    /// next <see cref="MoveTo"/>.
    /// </summary>
    internal void MoveWithoutGradient(ReadOnlySpan<double> theta) => Move(theta, gradient: false);

    private void Move(ReadOnlySpan<double> theta, bool gradient)
    {
        if (theta.Length != Dimension)
        {
            throw new ArgumentException($"theta must have {Dimension} entries (got {theta.Length})", nameof(theta));
        }

        theta.CopyTo(_theta);
        _withGradient = gradient;
        Run(_prepareBody);
        _gradient.AsSpan().Clear();
        _fixed.AsSpan().Clear();
        var sum = 0.0;
        foreach (var group in _work)
        {
            sum += group.Loss;
            DenseKernels.Axpy(1.0, group.Partial, _gradient);
            DenseKernels.Axpy(1.0, group.Fixed, _fixed);
        }

        var scale = 2.0 / _y.Length;
        for (var i = 0; i < _gradient.Length; i++)
        {
            _gradient[i] *= scale;
        }

        _loss = sum / _y.Length;
        _ready = true;
        _hasGradient = gradient;
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

        if (_fold)
        {
            AddFolded(destination);
        }

        var scale = 2.0 / _y.Length;
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] *= scale;
        }
    }

    /// <summary>
    /// Adds the two terms of the product that are linear in the first layer's tangent (V₀, R{b₀}) and the second
    /// layer's (V₁) over sums fixed at the point, M_i[k, j] = Σₛ δ₂[k, s]·f′₁[j, s]·x_i[s] (and M_b without x):
    /// Σₛ δ₂·R{a₁}ᵀ = Σᵢ V₀[j, i]·M_i + R{b₀}[j]·M_b into R{∂W₁}, and the V₁ᵀδ₂ part of R{δ₁} into R{∂W₀} and R{∂b₀}.
    /// </summary>
    // The hot loops are AggressiveOptimization, as RKernels' are: the time estimate times the first products.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddFolded(Span<double> destination)
    {
        int inputs = _sizes[0], h1 = _sizes[1], h2 = _sizes[2];
        var v = (ReadOnlySpan<double>)_vector;
        var block = h1 * h2;
        var w0 = _model.WeightOffset(0);
        var w1 = _model.WeightOffset(1);
        var bias = _model.HasBias;
        for (var k = 0; k < h2; k++)
        {
            for (var j = 0; j < h1; j++)
            {
                var at = (k * h1) + j;
                var v1 = v[w1 + at];
                var term = 0.0;
                for (var i = 0; i < inputs; i++)
                {
                    var m = _fixed[(i * block) + at];
                    term += v[w0 + (j * inputs) + i] * m;
                    destination[w0 + (j * inputs) + i] += v1 * m;
                }

                if (bias)
                {
                    var mb = _fixed[(inputs * block) + at];
                    term += v[_model.BiasOffset(0) + j] * mb;
                    destination[_model.BiasOffset(0) + j] += v1 * mb;
                }

                destination[w1 + at] += term;
            }
        }
    }

    private void Run(Action<int> body)
    {
        if (_groups == 1 || !Parallel)
        {
            for (var g = 0; g < _groups; g++)
            {
                body(g);
            }
        }
        else
        {
            System.Threading.Tasks.Parallel.For(0, _groups, body);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrepareGroup(int g)
    {
        var group = _work[g];
        group.Partial.AsSpan().Clear();
        group.Fixed.AsSpan().Clear();
        var sum = 0.0;
        var last = Math.Min(_chunks, (g + 1) * _groupChunks);
        for (var c = g * _groupChunks; c < last; c++)
        {
            var state = State(group, c);
            sum += PrepareChunk(c, state, _withGradient ? group.Partial : default, group);
            if (_fold)
            {
                AddFixed(c, state, group);
            }
        }

        group.Loss = sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                PrepareChunk(c, state, default, group);
            }

            ProductChunk(c, state, group);
        }
    }

    private Span<double> State(Group group, int chunk) =>
        _cache is null ? group.State.Span : _cache.Slice(chunk * _chunkStride, _chunkStride);

    /// <summary>Samples in chunk <paramref name="chunk"/>, and the lanes they occupy (whole vectors).</summary>
    private (int Count, int Lanes) Extent(int chunk)
    {
        var count = Math.Min(ChunkSize, _samples - (chunk * ChunkSize));
        return (count, (count + Vector256<double>.Count - 1) / Vector256<double>.Count * Vector256<double>.Count);
    }

    /// <summary>
    /// Forward and backward pass of one chunk into its state (unit-major); adds its gradient (unscaled) when given a
    /// destination; returns Σr². Padding lanes of every δ are zero, so they add nothing to any sum over samples.
    /// </summary>
    private double PrepareChunk(int chunk, Span<double> state, Span<double> gradient, Group group)
    {
        var start = chunk * ChunkSize;
        var (count, lanes) = Extent(chunk);
        var theta = (ReadOnlySpan<double>)_theta;
        var activation = _model.Activation;
        var bias = _model.HasBias;
        var inputs = _sizes[0];
        var x = state.Slice(0, inputs * ChunkSize);
        for (var j = 0; j < inputs; j++)
        {
            var row = x.Slice(j * ChunkSize, lanes);
            for (var s = 0; s < count; s++)
            {
                row[s] = _x[((start + s) * inputs) + j];
            }

            row[count..].Clear();
        }

        // Forward: z, then a, f′ and f″ of every hidden layer (f″ waits in the slot of (Wᵀδ)⊙f″).
        var sum = 0.0;
        var z = group.Z.Span;
        for (var l = 0; l < _layers; l++)
        {
            int fanIn = _sizes[l], fanOut = _sizes[l + 1];
            var weights = theta.Slice(_model.WeightOffset(l), fanOut * fanIn);
            var b = bias ? theta.Slice(_model.BiasOffset(l), fanOut) : default;
            RKernels.Combine(weights, Block(state, l, 0), default, default, b, z, fanOut, fanIn, fanIn, 1, ChunkSize, lanes);
            if (l + 1 == _layers)
            {
                var residual = Block(state, _layers, 0);
                var target = _y.AsSpan(start * fanOut, count * fanOut);
                for (var k = 0; k < fanOut; k++)
                {
                    var row = residual.Slice(k * ChunkSize, lanes);
                    for (var s = 0; s < count; s++)
                    {
                        var r = z[(k * ChunkSize) + s] - target[(s * fanOut) + k];
                        row[s] = r;
                        sum += r * r;
                    }

                    row[count..].Clear();
                }

                break;
            }

            var a = Block(state, l + 1, 0);
            var d1 = Block(state, l + 1, 1);
            var d2 = Block(state, l + 1, 2);
            for (var k = 0; k < fanOut; k++)
            {
                var at = k * ChunkSize;
                ActivationFunctions.Apply(activation, z.Slice(at, lanes), a.Slice(at, lanes));
                Derivatives(activation, z.Slice(at, lanes), a.Slice(at, lanes), d1.Slice(at, lanes), d2.Slice(at, lanes));
            }
        }

        // Backward: δ of every hidden layer, (Wᵀδ)⊙f″ in place of f″, and the gradient when asked.
        var back = group.Z.Span;
        for (var l = _layers - 1; l >= 0; l--)
        {
            int fanIn = _sizes[l], fanOut = _sizes[l + 1];
            var deltaOut = Block(state, l + 1, l + 1 == _layers ? 0 : 3);
            if (!gradient.IsEmpty)
            {
                RKernels.AddOuter(deltaOut, Block(state, l, 0), default, default, gradient.Slice(_model.WeightOffset(l), fanOut * fanIn), fanOut, fanIn, ChunkSize, lanes);
                if (bias)
                {
                    for (var k = 0; k < fanOut; k++)
                    {
                        gradient[_model.BiasOffset(l) + k] += DenseKernels.Sum(deltaOut.Slice(k * ChunkSize, lanes));
                    }
                }
            }

            if (l == 0)
            {
                break;
            }

            var weights = theta.Slice(_model.WeightOffset(l), fanOut * fanIn);
            RKernels.Combine(weights, deltaOut, default, default, default, back, fanIn, fanOut, 1, fanIn, ChunkSize, lanes);
            var d1 = Block(state, l, 1);
            var c = Block(state, l, 2);
            var delta = Block(state, l, 3);
            Scale(back, d1, delta, c, fanIn, lanes);
        }

        return sum;
    }

    /// <summary>Adds the chunk's share of the sums <see cref="AddFolded"/> uses to the group's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddFixed(int chunk, Span<double> state, Group group)
    {
        var (_, lanes) = Extent(chunk);
        int inputs = _sizes[0], h1 = _sizes[1], h2 = _sizes[2];
        var block = h1 * h2;
        var delta2 = Block(state, 2, _layers == 2 ? 0 : 3);
        var d1 = Block(state, 1, 1);
        var x = Block(state, 0, 0);
        var scaled = group.Z.Slice(0, h1 * ChunkSize);
        for (var i = 0; i < inputs; i++)
        {
            for (var j = 0; j < h1; j++)
            {
                Hadamard(d1.Slice(j * ChunkSize, lanes), x.Slice(i * ChunkSize, lanes), scaled.Slice(j * ChunkSize, lanes));
            }

            RKernels.AddOuter(delta2, scaled, default, default, group.Fixed.AsSpan(i * block, block), h2, h1, ChunkSize, lanes);
        }

        if (_model.HasBias)
        {
            RKernels.AddOuter(delta2, d1, default, default, group.Fixed.AsSpan(inputs * block, block), h2, h1, ChunkSize, lanes);
        }
    }

    /// <summary>Adds Σ over the chunk's samples of R{∇ℓ} (unscaled) for the vector in <c>_vector</c> to the group's partial sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProductChunk(int chunk, Span<double> state, Group group)
    {
        var (count, lanes) = Extent(chunk);
        var theta = (ReadOnlySpan<double>)_theta;
        var v = (ReadOnlySpan<double>)_vector;
        var bias = _model.HasBias;
        var partial = group.Partial.AsSpan();

        // R-forward: R{z} = V·a + W·R{a} + R{b}, R{a} = f′(z)⊙R{z}; R{a} of the input is 0.
        for (var l = 0; l < _layers; l++)
        {
            int fanIn = _sizes[l], fanOut = _sizes[l + 1];
            var weights = theta.Slice(_model.WeightOffset(l), fanOut * fanIn);
            var tangent = v.Slice(_model.WeightOffset(l), fanOut * fanIn);
            var rb = bias ? v.Slice(_model.BiasOffset(l), fanOut) : default;
            var rOut = RZ(group, l + 1);
            var q = l == 0 ? default : weights;
            var b = l == 0 ? default : RA(group, l);
            if (l + 1 < _layers)
            {
                // R{a} = f′ ⊙ R{z} from the sums still in registers.
                RKernels.CombineScaled(tangent, Block(state, l, 0), q, b, rb, rOut, Block(state, l + 1, 1), RA(group, l + 1), fanOut, fanIn, ChunkSize, lanes);
            }
            else
            {
                RKernels.Combine(tangent, Block(state, l, 0), q, b, rb, rOut, fanOut, fanIn, fanIn, 1, ChunkSize, lanes);
            }
        }

        // R-backward: R{δ_out} = R{ŷ} (zero in padding lanes); R{∂W} = R{δ}·aᵀ + δ·R{a}ᵀ;
        // R{δ} = (Vᵀδ + WᵀR{δ})⊙f′ + (Wᵀδ)⊙f″⊙R{z}.
        var rDeltaOut = group.RD0.Span;
        var rDeltaBelow = group.RD1.Span;
        var outputs = _sizes[_layers];
        var rzLast = RZ(group, _layers);
        for (var k = 0; k < outputs; k++)
        {
            rzLast.Slice(k * ChunkSize, count).CopyTo(rDeltaOut.Slice(k * ChunkSize, count));
            rDeltaOut.Slice((k * ChunkSize) + count, lanes - count).Clear();
        }

        for (var l = _layers - 1; l >= 0; l--)
        {
            int fanIn = _sizes[l], fanOut = _sizes[l + 1];
            var deltaOut = Block(state, l + 1, l + 1 == _layers ? 0 : 3);
            var gw = partial.Slice(_model.WeightOffset(l), fanOut * fanIn);
            if (l > 1 || (l == 1 && !_fold))
            {
                RKernels.AddOuter(rDeltaOut, Block(state, l, 0), deltaOut, RA(group, l), gw, fanOut, fanIn, ChunkSize, lanes);
            }
            else
            {
                // Layer 0, or layer 1 with δ₂·R{a₁}ᵀ folded (AddFolded).
                RKernels.AddOuter(rDeltaOut, Block(state, l, 0), default, default, gw, fanOut, fanIn, ChunkSize, lanes);
            }

            if (bias)
            {
                for (var k = 0; k < fanOut; k++)
                {
                    partial[_model.BiasOffset(l) + k] += DenseKernels.Sum(rDeltaOut.Slice(k * ChunkSize, lanes));
                }
            }

            if (l == 0)
            {
                break;
            }

            var weights = theta.Slice(_model.WeightOffset(l), fanOut * fanIn);
            var tangent = v.Slice(_model.WeightOffset(l), fanOut * fanIn);
            // R{δ} = (Vᵀδ + WᵀR{δ})⊙f′ + c⊙R{z} in one pass; with the fold, V₁ᵀδ₂ is in AddFolded.
            var folded = l == 1 && _fold;
            RKernels.CombineMultiplyAdd(
                folded ? weights : tangent,
                folded ? rDeltaOut : deltaOut,
                folded ? default : weights,
                folded ? default : rDeltaOut,
                rDeltaBelow,
                Block(state, l, 1),
                Block(state, l, 2),
                RZ(group, l),
                fanIn,
                fanOut,
                ChunkSize,
                lanes);

            var swap = rDeltaOut;
            rDeltaOut = rDeltaBelow;
            rDeltaBelow = swap;
        }
    }

    /// <summary>
    /// Slot <paramref name="slot"/> (0 a, 1 f′, 2 (Wᵀδ)⊙f″, 3 δ) of layer <paramref name="layer"/>, one row of
    /// <see cref="ChunkSize"/> lanes per unit; layer 0 has only the input (slot 0), the output only δ (slot 0).
    /// </summary>
    private Span<double> Block(Span<double> state, int layer, int slot)
    {
        var width = _sizes[layer];
        return state.Slice(_stateOffsets[layer] + (slot * ChunkSize * width), ChunkSize * width);
    }

    private Span<double> RZ(Group group, int layer) => group.RZ.Slice(_unitOffsets[layer] * ChunkSize, _sizes[layer] * ChunkSize);

    private Span<double> RA(Group group, int layer) => group.RA.Slice(_unitOffsets[layer] * ChunkSize, _sizes[layer] * ChunkSize);

    /// <summary>f′ and f″ from z and a = f(z); tanh four lanes at a time (f′ = 1 − a², f″ = −2a·f′).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Derivatives(Activation activation, ReadOnlySpan<double> z, ReadOnlySpan<double> a, Span<double> d1, Span<double> d2)
    {
        var i = 0;
        if (activation == Activation.Tanh)
        {
            for (; i <= a.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var av = Vector256.Create(a.Slice(i, Vector256<double>.Count));
                var slope = Vector256<double>.One - (av * av);
                slope.CopyTo(d1.Slice(i, Vector256<double>.Count));
                (Vector256.Create(-2.0) * av * slope).CopyTo(d2.Slice(i, Vector256<double>.Count));
            }
        }

        for (; i < a.Length; i++)
        {
            d1[i] = ActivationFunctions.Derivative(activation, z[i], a[i]);
            d2[i] = SecondDerivative(activation, z[i], a[i]);
        }
    }

    /// <summary>δ = b⊙f′ and c = b⊙f″ (in place of f″), row by row over <paramref name="lanes"/> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(ReadOnlySpan<double> back, ReadOnlySpan<double> d1, Span<double> delta, Span<double> c, int rows, int lanes)
    {
        for (var j = 0; j < rows; j++)
        {
            var at = j * ChunkSize;
            Hadamard(back.Slice(at, lanes), d1.Slice(at, lanes), delta.Slice(at, lanes));
            Hadamard(back.Slice(at, lanes), c.Slice(at, lanes), c.Slice(at, lanes));
        }
    }

    /// <summary>z = x⊙y (lengths a multiple of four, x and y at least z's; z may be y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Hadamard(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
    {
        if (x.Length < z.Length || y.Length < z.Length)
        {
            throw new ArgumentException("x and y must be at least as long as z");
        }

        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        ref var rz = ref MemoryMarshal.GetReference(z);
        for (nuint i = 0; i < (nuint)z.Length; i += (nuint)Vector256<double>.Count)
        {
            (Vector256.LoadUnsafe(ref rx, i) * Vector256.LoadUnsafe(ref ry, i)).StoreUnsafe(ref rz, i);
        }
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

    /// <summary>One group's partial sums and per-chunk buffers (unit-major, <see cref="ChunkSize"/> lanes per unit).</summary>
    private sealed class Group(int dimension, int units, int maxWidth, int stateLength, int fixedLength)
    {
        public double[] Fixed { get; } = new double[fixedLength];

        public double[] Partial { get; } = new double[dimension];

        public AlignedArray<double> RZ { get; } = new(units * ChunkSize);

        public AlignedArray<double> RA { get; } = new(units * ChunkSize);

        public AlignedArray<double> RD0 { get; } = new(maxWidth * ChunkSize);

        public AlignedArray<double> RD1 { get; } = new(maxWidth * ChunkSize);

        public AlignedArray<double> Z { get; } = new(maxWidth * ChunkSize);

        public AlignedArray<double> State { get; } = new(stateLength);

        public double Loss { get; set; }
    }
}
