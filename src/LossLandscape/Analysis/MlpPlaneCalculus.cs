using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LossLandscape.Curvature;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Analysis;

/// <summary>
/// The loss of an <see cref="Mlp"/> on a plane with its exact gradient and exact 2 × 2 Hessian in the plane's
/// coordinates, all from one forward pass: every layer carries the value and its first and second derivatives along
/// the plane (second-order forward mode). With W(a, b) = W + a·V₁ + b·V₂ (V₁, V₂ the directions' parts of the weight),
/// z = W·h + c gives z_a = V₁h + Wh_a + c_a, z_aa = 2V₁h_a + Wh_aa, z_ab = V₁h_b + V₂h_a + Wh_ab, and h = f(z) gives
/// h_a = f′z_a, h_ab = f″z_a z_b + f′z_ab; the loss Σr²/n then gives L_ab = 2/n·Σ(ŷ_a ŷ_b + r·ŷ_ab). No differences, no
/// step size: the same derivatives the R-operator's dᵢᵀHdⱼ gives, at about the cost of four forward passes.
/// </summary>
/// <remarks>
/// Samples run in chunks of <see cref="ChunkSize"/>, unit-major within a chunk, so every product runs over samples in
/// SIMD lanes. Chunks are split into groups fixed by the sample count alone; each group sums its chunks in order and
/// the groups are added in order, so a result does not depend on the thread count. All buffers are made in the
/// constructor. Not thread-safe.
/// </remarks>
public sealed class MlpPlaneCalculus : IPlaneCalculus
{
    /// <summary>Samples per chunk (a multiple of the vector width).</summary>
    private const int ChunkSize = 64;

    /// <summary>Chunks per parallel group.</summary>
    private const int GroupChunks = 8;

    /// <summary>Quantities carried per unit: value, ∂a, ∂b, ∂aa, ∂ab, ∂bb.</summary>
    private const int Orders = 6;

    private readonly Mlp _model;
    private readonly int[] _sizes;
    private readonly int _samples;
    private readonly int _chunks;
    private readonly int _groups;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _theta;
    private readonly double[] _sums;
    private readonly Work[] _work;
    private readonly Action<int> _body;
    private readonly PlaneMetric _metric;

    /// <summary>Prepares the loss of <paramref name="model"/> over (x, y) on <paramref name="plane"/>.</summary>
    public MlpPlaneCalculus(Mlp model, SurfacePlane plane, double[] x, double[] y)
    {
        ModelPlaneCalculus.CheckArguments(model, plane, x, y);
        _model = model;
        Plane = plane;
        _x = x;
        _y = y;
        _sizes = [.. model.Sizes];
        _samples = x.Length / model.Inputs;
        _chunks = (_samples + ChunkSize - 1) / ChunkSize;
        _groups = (_chunks + GroupChunks - 1) / GroupChunks;
        _theta = new double[model.ParameterCount];
        _sums = new double[_groups * Orders];
        var width = _sizes.Max();
        _work = new Work[_groups];
        for (var g = 0; g < _work.Length; g++)
        {
            _work[g] = new Work(Orders * width * ChunkSize);
        }

        _body = RunGroup;
        _metric = PlaneMetric.Of(plane);
    }

    /// <summary>The plane.</summary>
    public SurfacePlane Plane { get; }

    /// <summary>The model.</summary>
    public Mlp Model => _model;

    /// <summary>Each evaluation is a pass over the data (about four forward passes' cost): the most telling candidates only.</summary>
    public int CandidateBudget => 12;

    /// <summary>From the grid fit's start Newton converges in a few steps; a candidate that has not by then is dropped.</summary>
    public int NewtonIterations => 10;

    /// <summary>Exact, by forward-mode differentiation along the plane.</summary>
    public string HessianMethod => "exact (second-order forward-mode differentiation along d₁ and d₂, the same as d₁ᵀHd₂ by the R-operator)";

    /// <summary>
    /// The plane calculus for <paramref name="model"/>: this exact forward-mode one for a model whose
    /// <see cref="IDenseNetwork"/> has the mean squared error, else <see cref="ModelPlaneCalculus"/>'s differences of exact gradients.
    /// </summary>
    public static IPlaneCalculus For(IModel model, SurfacePlane plane, double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Capability<IDenseNetwork>()?.Network is { LossKind: LossKind.MeanSquaredError } mlp
            ? new MlpPlaneCalculus(mlp, plane, x, y)
            : new ModelPlaneCalculus(model, plane, x, y);
    }

    /// <inheritdoc/>
    public PlaneDerivatives Evaluate(double a, double b)
    {
        Plane.PointAt(a, b, _theta);
        if (_groups == 1)
        {
            RunGroup(0);
        }
        else
        {
            Parallel.For(0, _groups, _body);
        }

        Span<double> total = stackalloc double[Orders];
        for (var g = 0; g < _groups; g++)
        {
            for (var q = 0; q < Orders; q++)
            {
                total[q] += _sums[(g * Orders) + q];
            }
        }

        var n = (double)_y.Length;
        return new PlaneDerivatives(total[0] / n, 2 * total[1] / n, 2 * total[2] / n, 2 * total[3] / n, 2 * total[4] / n, 2 * total[5] / n);
    }

    /// <inheritdoc />
    public (double Low, double High) CurvatureEigenvalues(in PlaneDerivatives derivatives) => _metric.CurvatureEigenvalues(derivatives);

    /// <summary>Σr², Σr·ŷ_a, Σr·ŷ_b, Σ(ŷ_a² + r·ŷ_aa), Σ(ŷ_aŷ_b + r·ŷ_ab), Σ(ŷ_b² + r·ŷ_bb) over one group's chunks.</summary>
    private void RunGroup(int g)
    {
        var work = _work[g];
        Span<double> sums = _sums.AsSpan(g * Orders, Orders);
        sums.Clear();
        var last = Math.Min(_chunks, (g + 1) * GroupChunks);
        for (var c = g * GroupChunks; c < last; c++)
        {
            Chunk(c, work, sums);
        }
    }

    private void Chunk(int chunk, Work work, Span<double> sums)
    {
        var start = chunk * ChunkSize;
        var count = Math.Min(ChunkSize, _samples - start);
        var inputs = _sizes[0];
        var current = work.Current;
        var next = work.Next;

        // The input, unit-major and zero-padded; its derivatives along the plane are zero.
        var x = current.AsSpan(0, inputs * ChunkSize);
        x.Clear();
        for (var s = 0; s < count; s++)
        {
            for (var j = 0; j < inputs; j++)
            {
                x[(j * ChunkSize) + s] = _x[((start + s) * inputs) + j];
            }
        }

        var layers = _sizes.Length - 1;
        for (var l = 0; l < layers; l++)
        {
            Linear(l, current, next, constantInput: l == 0);
            if (l + 1 < layers)
            {
                Activate(_sizes[l + 1], next);
            }

            (current, next) = (next, current);
        }

        // current holds ŷ and its derivatives, unit-major.
        var outputs = _sizes[^1];
        var block = outputs * ChunkSize;
        for (var k = 0; k < outputs; k++)
        {
            for (var s = 0; s < count; s++)
            {
                var i = (k * ChunkSize) + s;
                var r = current[i] - _y[((start + s) * outputs) + k];
                double ya = current[block + i], yb = current[(2 * block) + i];
                sums[0] += r * r;
                sums[1] += r * ya;
                sums[2] += r * yb;
                sums[3] += (ya * ya) + (r * current[(3 * block) + i]);
                sums[4] += (ya * yb) + (r * current[(4 * block) + i]);
                sums[5] += (yb * yb) + (r * current[(5 * block) + i]);
            }
        }

        work.Current = current;
        work.Next = next;
    }

    /// <summary>
    /// The six quantities of layer <paramref name="layer"/>'s pre-activation from those of its input (each a
    /// fan × <see cref="ChunkSize"/> block, value first). With <paramref name="constantInput"/> the input's derivatives are zero.
    /// </summary>
    private void Linear(int layer, double[] input, double[] output, bool constantInput)
    {
        int fanIn = _sizes[layer], fanOut = _sizes[layer + 1];
        var weightOffset = _model.WeightOffset(layer);
        var biasOffset = _model.HasBias ? _model.BiasOffset(layer) : -1;
        if (constantInput)
        {
            FirstLayer(fanIn, fanOut, weightOffset, biasOffset, input, output);
            return;
        }

        // W with every quantity, two output units at a time so that each load of the input serves two multiply-adds;
        // then V₁ and V₂ with h, h_a, h_b, one unit at a time (twelve accumulators would not fit the registers).
        for (var k = 0; k < fanOut; k += 2)
        {
            // An odd count's last unit is computed as a pair with itself (both results land in the same place).
            WeightPair(fanIn, fanOut, weightOffset, biasOffset, k, Math.Min(k + 1, fanOut - 1), input, output);
        }

        for (var k = 0; k < fanOut; k++)
        {
            Directions(fanIn, fanOut, weightOffset, k, input, output);
        }
    }

    /// <summary>The first layer: its input is constant along the plane, so only the value and the first derivatives are not zero.</summary>
    private void FirstLayer(int fanIn, int fanOut, int weightOffset, int biasOffset, double[] input, double[] output)
    {
        ref var w = ref MemoryMarshal.GetArrayDataReference(_theta);
        ref var v1 = ref MemoryMarshal.GetArrayDataReference(Plane.Direction1);
        ref var v2 = ref MemoryMarshal.GetArrayDataReference(Plane.Direction2);
        ref var h = ref MemoryMarshal.GetArrayDataReference(input);
        ref var z = ref MemoryMarshal.GetArrayDataReference(output);
        var outBlock = (nuint)(fanOut * ChunkSize);
        for (var k = 0; k < fanOut; k++)
        {
            var row = weightOffset + (k * fanIn);
            var c0 = Vector256.Create(biasOffset < 0 ? 0.0 : _theta[biasOffset + k]);
            var c1 = Vector256.Create(biasOffset < 0 ? 0.0 : Plane.Direction1[biasOffset + k]);
            var c2 = Vector256.Create(biasOffset < 0 ? 0.0 : Plane.Direction2[biasOffset + k]);
            for (var s = 0; s < ChunkSize; s += Vector256<double>.Count)
            {
                var acc0 = c0;
                var acc1 = c1;
                var acc2 = c2;
                for (var j = 0; j < fanIn; j++)
                {
                    var hv = Vector256.LoadUnsafe(ref h, (nuint)((j * ChunkSize) + s));
                    acc0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w, row + j)), hv, acc0);
                    acc1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref v1, row + j)), hv, acc1);
                    acc2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref v2, row + j)), hv, acc2);
                }

                var to = (nuint)((k * ChunkSize) + s);
                acc0.StoreUnsafe(ref z, to);
                acc1.StoreUnsafe(ref z, to + outBlock);
                acc2.StoreUnsafe(ref z, to + (2 * outBlock));
                Vector256<double>.Zero.StoreUnsafe(ref z, to + (3 * outBlock));
                Vector256<double>.Zero.StoreUnsafe(ref z, to + (4 * outBlock));
                Vector256<double>.Zero.StoreUnsafe(ref z, to + (5 * outBlock));
            }
        }
    }

    /// <summary>Units k and l (l = k + 1, or k itself): the bias (value, ∂a, ∂b) plus W times each of the input's six quantities, stored.</summary>
    private void WeightPair(int fanIn, int fanOut, int weightOffset, int biasOffset, int k, int l, double[] input, double[] output)
    {
        ref var w = ref MemoryMarshal.GetArrayDataReference(_theta);
        ref var h = ref MemoryMarshal.GetArrayDataReference(input);
        ref var z = ref MemoryMarshal.GetArrayDataReference(output);
        var inBlock = (nuint)(fanIn * ChunkSize);
        var outBlock = (nuint)(fanOut * ChunkSize);
        var row = weightOffset + (k * fanIn);
        var (c0, c1, c2) = Bias(biasOffset, k);
        var (e0, e1, e2) = Bias(biasOffset, l);
        var second = weightOffset + (l * fanIn);
        for (var s = 0; s < ChunkSize; s += Vector256<double>.Count)
        {
            Vector256<double> a0 = c0, a1 = c1, a2 = c2, a3 = default, a4 = default, a5 = default;
            Vector256<double> b0 = e0, b1 = e1, b2 = e2, b3 = default, b4 = default, b5 = default;
            for (var j = 0; j < fanIn; j++)
            {
                var at = (nuint)((j * ChunkSize) + s);
                var wk = Vector256.Create(Unsafe.Add(ref w, row + j));
                var wl = Vector256.Create(Unsafe.Add(ref w, second + j));
                var x = Vector256.LoadUnsafe(ref h, at);
                a0 = Vector256.FusedMultiplyAdd(wk, x, a0);
                b0 = Vector256.FusedMultiplyAdd(wl, x, b0);
                x = Vector256.LoadUnsafe(ref h, at + inBlock);
                a1 = Vector256.FusedMultiplyAdd(wk, x, a1);
                b1 = Vector256.FusedMultiplyAdd(wl, x, b1);
                x = Vector256.LoadUnsafe(ref h, at + (2 * inBlock));
                a2 = Vector256.FusedMultiplyAdd(wk, x, a2);
                b2 = Vector256.FusedMultiplyAdd(wl, x, b2);
                x = Vector256.LoadUnsafe(ref h, at + (3 * inBlock));
                a3 = Vector256.FusedMultiplyAdd(wk, x, a3);
                b3 = Vector256.FusedMultiplyAdd(wl, x, b3);
                x = Vector256.LoadUnsafe(ref h, at + (4 * inBlock));
                a4 = Vector256.FusedMultiplyAdd(wk, x, a4);
                b4 = Vector256.FusedMultiplyAdd(wl, x, b4);
                x = Vector256.LoadUnsafe(ref h, at + (5 * inBlock));
                a5 = Vector256.FusedMultiplyAdd(wk, x, a5);
                b5 = Vector256.FusedMultiplyAdd(wl, x, b5);
            }

            var to = (nuint)((k * ChunkSize) + s);
            Store6(ref z, to, outBlock, a0, a1, a2, a3, a4, a5);
            Store6(ref z, (nuint)((l * ChunkSize) + s), outBlock, b0, b1, b2, b3, b4, b5);
        }
    }

    /// <summary>
    /// Adds unit k's direction terms to what <see cref="WeightPair"/> stored: z_a += V₁h, z_b += V₂h, z_aa += 2V₁h_a,
    /// z_ab += V₁h_b + V₂h_a, z_bb += 2V₂h_b (six independent one-FMA chains).
    /// </summary>
    private void Directions(int fanIn, int fanOut, int weightOffset, int k, double[] input, double[] output)
    {
        ref var v1 = ref MemoryMarshal.GetArrayDataReference(Plane.Direction1);
        ref var v2 = ref MemoryMarshal.GetArrayDataReference(Plane.Direction2);
        ref var h = ref MemoryMarshal.GetArrayDataReference(input);
        ref var z = ref MemoryMarshal.GetArrayDataReference(output);
        var inBlock = (nuint)(fanIn * ChunkSize);
        var outBlock = (nuint)(fanOut * ChunkSize);
        var row = weightOffset + (k * fanIn);
        for (var s = 0; s < ChunkSize; s += Vector256<double>.Count)
        {
            var to = (nuint)((k * ChunkSize) + s);
            var acc1 = Vector256.LoadUnsafe(ref z, to + outBlock);
            var acc2 = Vector256.LoadUnsafe(ref z, to + (2 * outBlock));
            var acc5 = Vector256.LoadUnsafe(ref z, to + (5 * outBlock));
            var pa = Vector256<double>.Zero;
            var pb = Vector256<double>.Zero;
            var qa = Vector256<double>.Zero;
            for (var j = 0; j < fanIn; j++)
            {
                var at = (nuint)((j * ChunkSize) + s);
                var p = Vector256.Create(Unsafe.Add(ref v1, row + j));
                var q = Vector256.Create(Unsafe.Add(ref v2, row + j));
                var h0 = Vector256.LoadUnsafe(ref h, at);
                var ha = Vector256.LoadUnsafe(ref h, at + inBlock);
                var hb = Vector256.LoadUnsafe(ref h, at + (2 * inBlock));
                acc1 = Vector256.FusedMultiplyAdd(p, h0, acc1);
                acc2 = Vector256.FusedMultiplyAdd(q, h0, acc2);
                pa = Vector256.FusedMultiplyAdd(p, ha, pa);
                pb = Vector256.FusedMultiplyAdd(p, hb, pb);
                qa = Vector256.FusedMultiplyAdd(q, ha, qa);
                acc5 = Vector256.FusedMultiplyAdd(q + q, hb, acc5);
            }

            acc1.StoreUnsafe(ref z, to + outBlock);
            acc2.StoreUnsafe(ref z, to + (2 * outBlock));
            (Vector256.LoadUnsafe(ref z, to + (3 * outBlock)) + (pa + pa)).StoreUnsafe(ref z, to + (3 * outBlock));
            (Vector256.LoadUnsafe(ref z, to + (4 * outBlock)) + (pb + qa)).StoreUnsafe(ref z, to + (4 * outBlock));
            acc5.StoreUnsafe(ref z, to + (5 * outBlock));
        }
    }

    private (Vector256<double> Value, Vector256<double> A, Vector256<double> B) Bias(int biasOffset, int k) => biasOffset < 0
        ? default
        : (Vector256.Create(_theta[biasOffset + k]), Vector256.Create(Plane.Direction1[biasOffset + k]), Vector256.Create(Plane.Direction2[biasOffset + k]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store6(ref double z, nuint at, nuint block, Vector256<double> q0, Vector256<double> q1, Vector256<double> q2, Vector256<double> q3, Vector256<double> q4, Vector256<double> q5)
    {
        q0.StoreUnsafe(ref z, at);
        q1.StoreUnsafe(ref z, at + block);
        q2.StoreUnsafe(ref z, at + (2 * block));
        q3.StoreUnsafe(ref z, at + (3 * block));
        q4.StoreUnsafe(ref z, at + (4 * block));
        q5.StoreUnsafe(ref z, at + (5 * block));
    }

    /// <summary>h = f(z) with h_a = f′z_a, h_aa = f″z_a² + f′z_aa, h_ab = f″z_a z_b + f′z_ab, h_bb = f″z_b² + f′z_bb, in place.</summary>
    private void Activate(int units, double[] values)
    {
        var block = units * ChunkSize;
        ref var v = ref MemoryMarshal.GetArrayDataReference(values);
        var activation = _model.Activation;
        for (var i = 0; i < block; i += Vector256<double>.Count)
        {
            var at = (nuint)i;
            var z = Vector256.LoadUnsafe(ref v, at);
            var (f, d1, d2) = Derivatives(activation, z);
            var za = Vector256.LoadUnsafe(ref v, at + (nuint)block);
            var zb = Vector256.LoadUnsafe(ref v, at + (nuint)(2 * block));
            var zaa = Vector256.LoadUnsafe(ref v, at + (nuint)(3 * block));
            var zab = Vector256.LoadUnsafe(ref v, at + (nuint)(4 * block));
            var zbb = Vector256.LoadUnsafe(ref v, at + (nuint)(5 * block));
            f.StoreUnsafe(ref v, at);
            (d1 * za).StoreUnsafe(ref v, at + (nuint)block);
            (d1 * zb).StoreUnsafe(ref v, at + (nuint)(2 * block));
            Vector256.FusedMultiplyAdd(d2 * za, za, d1 * zaa).StoreUnsafe(ref v, at + (nuint)(3 * block));
            Vector256.FusedMultiplyAdd(d2 * za, zb, d1 * zab).StoreUnsafe(ref v, at + (nuint)(4 * block));
            Vector256.FusedMultiplyAdd(d2 * zb, zb, d1 * zbb).StoreUnsafe(ref v, at + (nuint)(5 * block));
        }
    }

    /// <summary>f(z), f′(z) and f″(z) on four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Value, Vector256<double> First, Vector256<double> Second) Derivatives(Activation activation, Vector256<double> z)
    {
        switch (activation)
        {
            case Activation.Tanh:
                var t = TanhKernels.Tanh(z);
                var slope = Vector256<double>.One - (t * t);
                return (t, slope, Vector256.Create(-2.0) * t * slope);
            case Activation.Relu:
                return (Vector256.Max(z, Vector256<double>.Zero), Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<double>.Zero), Vector256<double>.One, Vector256<double>.Zero), Vector256<double>.Zero);
            case Activation.Linear:
                return (z, Vector256<double>.One, Vector256<double>.Zero);
            default:
                return Lanewise(activation, z);
        }
    }

    /// <summary>
    /// <see cref="Derivatives"/> lane by lane for the activations without a vector form (its own method: the buffers on
    /// the stack would keep <see cref="Derivatives"/> from being inlined into <see cref="Activate"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Vector256<double> Value, Vector256<double> First, Vector256<double> Second) Lanewise(Activation activation, Vector256<double> z)
    {
        Span<double> f = stackalloc double[Vector256<double>.Count];
        Span<double> d1 = stackalloc double[Vector256<double>.Count];
        Span<double> d2 = stackalloc double[Vector256<double>.Count];
        for (var i = 0; i < f.Length; i++)
        {
            var zi = z[i];
            f[i] = ActivationFunctions.Value(activation, zi);
            d1[i] = ActivationFunctions.Derivative(activation, zi, f[i]);
            d2[i] = MlpHessian.SecondDerivative(activation, zi, f[i]);
        }

        return (Vector256.Create<double>(f), Vector256.Create<double>(d1), Vector256.Create<double>(d2));
    }

    /// <summary>One group's two ping-pong buffers of six fan × chunk blocks.</summary>
    private sealed class Work(int length)
    {
        public double[] Current { get; set; } = new double[length];

        public double[] Next { get; set; } = new double[length];
    }
}
