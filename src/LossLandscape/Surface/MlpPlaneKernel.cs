using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LossLandscape.Data;
using LossLandscape.Models;

namespace LossLandscape.Surface;

/// <summary>
/// The summed squared error of a one-output <see cref="Mlp"/> at points θ₀ + a·d₁ + b·d₂ of a plane, in float32 or
/// float64 SIMD lanes (<typeparamref name="T"/>).
/// </summary>
/// <remarks>
/// The first layer's pre-activation is linear in (a, b): z₁ = Z₀ + a·Z_a + b·Z_b with Z₀ = W₀x + b₀ at θ₀ and Z_a, Z_b
/// the same product with d₁'s and d₂'s parts of W₀ and b₀. <see cref="Prepare"/> computes the three per sample once (in
/// float64), so a grid point costs two multiply-adds per first-layer unit and then the remaining layers only.
/// Samples run in tiles of two vectors; a hidden layer computes six units of a tile at a time (twelve accumulators).
/// The vectors are 512-bit where the CPU has AVX-512 (<see cref="Wide"/>), 256-bit otherwise. Each 256-bit tile's squared
/// errors are summed in <typeparamref name="T"/> and added to float64 accumulators, so float32's error does not grow
/// with the number of samples; a 512-bit tile adds its two 256-bit tiles in the same order. Every other sum runs over
/// units within one lane, so a value is the same bit for bit at either width, and it does not depend on the thread
/// that computes it: the order of every sum is fixed by the shapes alone. tanh is <see cref="TanhKernels"/>' (float: 3.3e-7 relative; double: a
/// few ulps); sigmoid is ½ + ½·tanh(z/2); gelu is evaluated lane by lane with the float64 erf.
/// </remarks>
internal sealed class MlpPlaneKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Mlp _model;
    private readonly SurfacePlane _plane;
    private readonly int[] _sizes;
    private readonly int _maxWidth;
    private readonly bool _wide;
    private readonly int _tileSize;

    /// <summary>Prepares the kernel for one model and plane.</summary>
    public MlpPlaneKernel(Mlp model, SurfacePlane plane)
    {
        if (model.Outputs != 1)
        {
            throw new ArgumentException("the plane kernel handles one output", nameof(model));
        }

        _model = model;
        _plane = plane;
        _sizes = [.. model.Sizes];
        _maxWidth = _sizes.Max();
        _wide = Wide && Vector512.IsHardwareAccelerated;
        _tileSize = 2 * (_wide ? Vector512<T>.Count : Vector256<T>.Count);
    }

    /// <summary>True (the default where the CPU runs 512-bit vectors) for 512-bit vectors in kernels made from now on; tests switch it off to compare.</summary>
    internal static bool Wide { get; set; } = Vector512.IsHardwareAccelerated;

    /// <summary>The first layer's pre-activation at θ₀ and along d₁ and d₂ for every sample, and the targets, in tiles.</summary>
    public sealed record Prepared(int Samples, int Tiles, AlignedArray<T> Z0, AlignedArray<T> Za, AlignedArray<T> Zb, AlignedArray<T> Targets);

    /// <summary>Per-thread buffers: θ in float64, the weights in T and two activation tiles.</summary>
    public sealed class Workspace(int parameters, int maxWidth, int tileSize)
    {
        /// <summary>θ(a, b) in float64.</summary>
        public double[] Theta { get; } = new double[parameters];

        /// <summary>θ(a, b) rounded to T.</summary>
        public T[] Weights { get; } = new T[parameters];

        /// <summary>Activations of the layer being read.</summary>
        public AlignedArray<T> Current { get; } = new(maxWidth * tileSize);

        /// <summary>Activations of the layer being written.</summary>
        public AlignedArray<T> Next { get; } = new(maxWidth * tileSize);
    }

    /// <summary>A workspace for one thread.</summary>
    public Workspace CreateWorkspace() => new(_model.ParameterCount, _maxWidth, _tileSize);

    /// <summary>Computes Z₀, Z_a, Z_b (float64, then rounded to T) and the targets for <paramref name="data"/>.</summary>
    public Prepared Prepare(RegressionSet data)
    {
        var inputs = _sizes[0];
        var width = _sizes[1];
        var samples = data.Y.Length;
        var tileSize = _tileSize;
        var tiles = (samples + tileSize - 1) / tileSize;
        var z0Array = new AlignedArray<T>(tiles * width * tileSize);
        var zaArray = new AlignedArray<T>(z0Array.Length);
        var zbArray = new AlignedArray<T>(z0Array.Length);
        var targetArray = new AlignedArray<T>(tiles * tileSize);
        var z0 = z0Array.Span;
        var za = zaArray.Span;
        var zb = zbArray.Span;
        var targets = targetArray.Span;
        var weights = _model.WeightOffset(0);
        var bias = _model.HasBias ? _model.BiasOffset(0) : -1;
        for (var s = 0; s < samples; s++)
        {
            var x = data.X.AsSpan(s * inputs, inputs);
            var tile = s / tileSize;
            var lane = s % tileSize;
            for (var h = 0; h < width; h++)
            {
                var row = weights + (h * inputs);
                var index = (((tile * width) + h) * tileSize) + lane;
                z0[index] = T.CreateTruncating(Dot(_plane.Origin, row, x) + (bias >= 0 ? _plane.Origin[bias + h] : 0.0));
                za[index] = T.CreateTruncating(Dot(_plane.Direction1, row, x) + (bias >= 0 ? _plane.Direction1[bias + h] : 0.0));
                zb[index] = T.CreateTruncating(Dot(_plane.Direction2, row, x) + (bias >= 0 ? _plane.Direction2[bias + h] : 0.0));
            }

            targets[s] = T.CreateTruncating(data.Y[s]);
        }

        return new Prepared(samples, tiles, z0Array, zaArray, zbArray, targetArray);
    }

    /// <summary>Σ (ŷ − y)² over the prepared samples at θ(a, b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double SumSquaredErrors(Prepared data, double a, double b, Workspace workspace, CancellationToken cancellationToken = default)
    {
        _plane.PointAt(a, b, workspace.Theta);
        var weights = workspace.Weights;
        for (var p = 0; p < weights.Length; p++)
        {
            weights[p] = T.CreateTruncating(workspace.Theta[p]);
        }

        return _wide
            ? SumSquaredErrors<Width512<T>, Vector512<T>>(data, T.CreateTruncating(a), T.CreateTruncating(b), weights, workspace, cancellationToken)
            : SumSquaredErrors<Width256<T>, Vector256<T>>(data, T.CreateTruncating(a), T.CreateTruncating(b), weights, workspace, cancellationToken);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double SumSquaredErrors<TW, TV>(Prepared data, T a, T b, T[] weights, Workspace workspace, CancellationToken cancellationToken)
        where TW : struct, IVectorWidth<TV, T>
        where TV : struct
    {
        var lanes = TW.Count;
        var tileSize = 2 * lanes;
        var activation = _model.Activation;
        var layers = _sizes.Length - 1;
        var width = _sizes[1];
        var va = TW.Create(a);
        var vb = TW.Create(b);
        var total = Vector256<double>.Zero;
        ref var rz0 = ref data.Z0.Start;
        ref var rza = ref data.Za.Start;
        ref var rzb = ref data.Zb.Start;
        ref var rw = ref MemoryMarshal.GetArrayDataReference(weights);
        ref var ry = ref data.Targets.Start;
        for (var tile = 0; tile < data.Tiles; tile++)
        {
            // Every 64 tiles: one point of a large model on many samples takes seconds; the check reads one flag.
            if ((tile & 63) == 0 && cancellationToken.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var current = workspace.Current;
            var next = workspace.Next;
            ref var rc = ref current.Start;

            // First layer: z = Z₀ + a·Z_a + b·Z_b (the output itself when there is one layer).
            var first = (nuint)(tile * width * tileSize);
            for (var h = 0; h < 2 * width; h++)
            {
                var at = first + (nuint)(h * lanes);
                var z = TW.Fma(vb, TW.Load(ref rzb, at), TW.Fma(va, TW.Load(ref rza, at), TW.Load(ref rz0, at)));
                TW.Store(layers == 1 ? z : Activate<TW, TV>(activation, z), ref rc, (nuint)(h * lanes));
            }

            // Hidden layers after the first.
            for (var l = 1; l < layers - 1; l++)
            {
                HiddenLayer<TW, TV>(activation, ref rw, _model.WeightOffset(l), _model.HasBias ? _model.BiasOffset(l) : -1, _sizes[l], _sizes[l + 1], current, next);
                (current, next) = (next, current);
            }

            // The output: ŷ = w·h + β.
            ref var rh = ref current.Start;
            TV p0, p1;
            if (layers == 1)
            {
                p0 = TW.Load(ref rh, 0);
                p1 = TW.Load(ref rh, (nuint)lanes);
            }
            else
            {
                var fanIn = _sizes[^2];
                var w = _model.WeightOffset(layers - 1);
                p0 = TW.Create(_model.HasBias ? Unsafe.Add(ref rw, _model.BiasOffset(layers - 1)) : T.Zero);
                p1 = p0;
                for (var j = 0; j < fanIn; j++)
                {
                    var wj = TW.Create(Unsafe.Add(ref rw, w + j));
                    p0 = TW.Fma(wj, TW.Load(ref rh, (nuint)(2 * j * lanes)), p0);
                    p1 = TW.Fma(wj, TW.Load(ref rh, (nuint)(((2 * j) + 1) * lanes)), p1);
                }
            }

            var r0 = TW.Subtract(p0, TW.Load(ref ry, (nuint)(tile * tileSize)));
            var r1 = TW.Subtract(p1, TW.Load(ref ry, (nuint)((tile * tileSize) + lanes)));
            total = TW.AddSquares(total, r0, r1, data.Samples - (tile * tileSize));
        }

        return Vector256.Sum(total);
    }

    /// <summary>next[k] = f(Σⱼ W[k, j]·current[j] + b[k]) for one tile, four units at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HiddenLayer<TW, TV>(Activation activation, ref T rw, int weights, int bias, int fanIn, int fanOut, AlignedArray<T> current, AlignedArray<T> next)
        where TW : struct, IVectorWidth<TV, T>
        where TV : struct
    {
        var lanes = TW.Count;
        ref var rc = ref current.Start;
        ref var rn = ref next.Start;
        // 256-bit: six units a block (twelve accumulators: two FMA pipes of four cycles' latency need eight in flight,
        // and a 256-bit FMA is one pipe's), then fours, so that few units are left to the one-unit loop's two. 512-bit:
        // fours (on Zen 4 a 512-bit FMA takes both pipes, so eight accumulators cover the latency; six units measured slower).
        var sixes = Unsafe.SizeOf<TV>() == 32 ? fanOut / 6 : 0;
        while (sixes > 0 && (fanOut - (6 * sixes)) % 4 != 0)
        {
            sixes--;
        }

        var k = 0;
        for (; k < 6 * sixes; k += 6)
        {
            SixUnits<TW, TV>(ref Unsafe.Add(ref rw, weights + (k * fanIn)), fanIn, ref rc, ref Unsafe.Add(ref rn, 2 * k * lanes));
        }

        for (; k + 4 <= fanOut; k += 4)
        {
            FourUnits<TW, TV>(ref Unsafe.Add(ref rw, weights + (k * fanIn)), fanIn, ref rc, ref Unsafe.Add(ref rn, 2 * k * lanes));
        }

        for (; k < fanOut; k++)
        {
            OneUnit<TW, TV>(ref Unsafe.Add(ref rw, weights + (k * fanIn)), fanIn, ref rc, ref Unsafe.Add(ref rn, 2 * k * lanes));
        }

        // Bias and activation in a second pass, so the multiply-add loops keep every accumulator in a register.
        for (k = 0; k < fanOut; k++)
        {
            var beta = TW.Create(bias >= 0 ? Unsafe.Add(ref rw, bias + k) : T.Zero);
            ref var at = ref Unsafe.Add(ref rn, 2 * k * lanes);
            TW.Store(Activate<TW, TV>(activation, TW.Add(TW.Load(ref at, 0), beta)), ref at, 0);
            TW.Store(Activate<TW, TV>(activation, TW.Add(TW.Load(ref at, (nuint)lanes), beta)), ref at, (nuint)lanes);
        }
    }

    /// <summary>Σⱼ W[k..k+3, j]·h[j] for the two vectors of a tile: eight accumulators, h loaded once per j.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FourUnits<TW, TV>(ref T w0, int fanIn, ref T h, ref T destination)
        where TW : struct, IVectorWidth<TV, T>
        where TV : struct
    {
        var lanes = (nuint)TW.Count;
        ref var w1 = ref Unsafe.Add(ref w0, fanIn);
        ref var w2 = ref Unsafe.Add(ref w1, fanIn);
        ref var w3 = ref Unsafe.Add(ref w2, fanIn);
        var a00 = TW.Create(T.Zero);
        var a01 = a00;
        var a10 = a00;
        var a11 = a00;
        var a20 = a00;
        var a21 = a00;
        var a30 = a00;
        var a31 = a00;
        for (var j = 0; j < fanIn; j++)
        {
            var h0 = TW.Load(ref h, 0);
            var h1 = TW.Load(ref h, lanes);
            h = ref Unsafe.Add(ref h, 2 * TW.Count);
            var v = TW.Create(Unsafe.Add(ref w0, j));
            a00 = TW.Fma(v, h0, a00);
            a01 = TW.Fma(v, h1, a01);
            v = TW.Create(Unsafe.Add(ref w1, j));
            a10 = TW.Fma(v, h0, a10);
            a11 = TW.Fma(v, h1, a11);
            v = TW.Create(Unsafe.Add(ref w2, j));
            a20 = TW.Fma(v, h0, a20);
            a21 = TW.Fma(v, h1, a21);
            v = TW.Create(Unsafe.Add(ref w3, j));
            a30 = TW.Fma(v, h0, a30);
            a31 = TW.Fma(v, h1, a31);
        }

        TW.Store(a00, ref destination, 0);
        TW.Store(a01, ref destination, lanes);
        TW.Store(a10, ref destination, 2 * lanes);
        TW.Store(a11, ref destination, 3 * lanes);
        TW.Store(a20, ref destination, 4 * lanes);
        TW.Store(a21, ref destination, 5 * lanes);
        TW.Store(a30, ref destination, 6 * lanes);
        TW.Store(a31, ref destination, 7 * lanes);
    }

    /// <summary>Σⱼ W[k..k+5, j]·h[j] for the two vectors of a tile: twelve accumulators, h loaded once per j.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void SixUnits<TW, TV>(ref T w0, int fanIn, ref T h, ref T destination)
        where TW : struct, IVectorWidth<TV, T>
        where TV : struct
    {
        var lanes = (nuint)TW.Count;
        ref var w1 = ref Unsafe.Add(ref w0, fanIn);
        ref var w2 = ref Unsafe.Add(ref w1, fanIn);
        ref var w3 = ref Unsafe.Add(ref w2, fanIn);
        ref var w4 = ref Unsafe.Add(ref w3, fanIn);
        ref var w5 = ref Unsafe.Add(ref w4, fanIn);
        var a00 = TW.Create(T.Zero);
        var a01 = a00;
        var a10 = a00;
        var a11 = a00;
        var a20 = a00;
        var a21 = a00;
        var a30 = a00;
        var a31 = a00;
        var a40 = a00;
        var a41 = a00;
        var a50 = a00;
        var a51 = a00;
        for (var j = 0; j < fanIn; j++)
        {
            var h0 = TW.Load(ref h, 0);
            var h1 = TW.Load(ref h, lanes);
            h = ref Unsafe.Add(ref h, 2 * TW.Count);
            var v = TW.Create(Unsafe.Add(ref w0, j));
            a00 = TW.Fma(v, h0, a00);
            a01 = TW.Fma(v, h1, a01);
            v = TW.Create(Unsafe.Add(ref w1, j));
            a10 = TW.Fma(v, h0, a10);
            a11 = TW.Fma(v, h1, a11);
            v = TW.Create(Unsafe.Add(ref w2, j));
            a20 = TW.Fma(v, h0, a20);
            a21 = TW.Fma(v, h1, a21);
            v = TW.Create(Unsafe.Add(ref w3, j));
            a30 = TW.Fma(v, h0, a30);
            a31 = TW.Fma(v, h1, a31);
            v = TW.Create(Unsafe.Add(ref w4, j));
            a40 = TW.Fma(v, h0, a40);
            a41 = TW.Fma(v, h1, a41);
            v = TW.Create(Unsafe.Add(ref w5, j));
            a50 = TW.Fma(v, h0, a50);
            a51 = TW.Fma(v, h1, a51);
        }

        TW.Store(a00, ref destination, 0);
        TW.Store(a01, ref destination, lanes);
        TW.Store(a10, ref destination, 2 * lanes);
        TW.Store(a11, ref destination, 3 * lanes);
        TW.Store(a20, ref destination, 4 * lanes);
        TW.Store(a21, ref destination, 5 * lanes);
        TW.Store(a30, ref destination, 6 * lanes);
        TW.Store(a31, ref destination, 7 * lanes);
        TW.Store(a40, ref destination, 8 * lanes);
        TW.Store(a41, ref destination, 9 * lanes);
        TW.Store(a50, ref destination, 10 * lanes);
        TW.Store(a51, ref destination, 11 * lanes);
    }

    /// <summary>Σⱼ W[k, j]·h[j] for the two vectors of a tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneUnit<TW, TV>(ref T w, int fanIn, ref T h, ref T destination)
        where TW : struct, IVectorWidth<TV, T>
        where TV : struct
    {
        var lanes = (nuint)TW.Count;
        var a0 = TW.Create(T.Zero);
        var a1 = a0;
        for (var j = 0; j < fanIn; j++)
        {
            var v = TW.Create(Unsafe.Add(ref w, j));
            a0 = TW.Fma(v, TW.Load(ref h, 0), a0);
            a1 = TW.Fma(v, TW.Load(ref h, lanes), a1);
            h = ref Unsafe.Add(ref h, 2 * TW.Count);
        }

        TW.Store(a0, ref destination, 0);
        TW.Store(a1, ref destination, lanes);
    }

    private static double Dot(double[] vector, int offset, ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += vector[offset + i] * x[i];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Activate<TW, TV>(Activation activation, TV z)
        where TW : struct, IVectorWidth<TV, T>
        where TV : struct
    {
        switch (activation)
        {
            case Activation.Tanh:
                return TW.Tanh(z);
            case Activation.Relu:
                return TW.Max(z, TW.Create(T.Zero));
            case Activation.Linear:
                return z;
            case Activation.Sigmoid:
                var half = TW.Create(T.CreateTruncating(0.5));
                return TW.Fma(half, TW.Tanh(TW.Multiply(half, z)), half);
            default:
                return Lanewise<TW, TV>(activation, z);
        }
    }

    private static TV Lanewise<TW, TV>(Activation activation, TV z)
        where TW : struct, IVectorWidth<TV, T>
        where TV : struct
    {
        Span<T> lanes = stackalloc T[TW.Count];
        TW.CopyTo(z, lanes);
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = T.CreateTruncating(ActivationFunctions.Value(activation, double.CreateTruncating(lanes[i])));
        }

        return TW.Create(lanes);
    }
}
