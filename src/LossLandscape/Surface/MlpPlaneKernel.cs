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
/// Samples run in tiles of two vectors; a hidden layer computes four units of a tile at a time (eight accumulators).
/// Each tile's squared errors are summed in <typeparamref name="T"/> and added to float64 accumulators, so float32's
/// error does not grow with the number of samples. Every sum runs in an order fixed by the shapes alone: a value does
/// not depend on the thread that computes it. tanh is <see cref="TanhKernels"/>' (float: 3.3e-7 relative; double: a
/// few ulps); sigmoid is ½ + ½·tanh(z/2); gelu is evaluated lane by lane with the float64 erf.
/// </remarks>
internal sealed class MlpPlaneKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static readonly int Lanes = Vector256<T>.Count;
    private static readonly int TileSize = 2 * Vector256<T>.Count;

    private readonly Mlp _model;
    private readonly SurfacePlane _plane;
    private readonly int[] _sizes;
    private readonly int _maxWidth;

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
    }

    /// <summary>The first layer's pre-activation at θ₀ and along d₁ and d₂ for every sample, and the targets, in tiles.</summary>
    public sealed record Prepared(int Samples, int Tiles, T[] Z0, T[] Za, T[] Zb, T[] Targets);

    /// <summary>Per-thread buffers: θ in float64, the weights in T and two activation tiles.</summary>
    public sealed class Workspace(int parameters, int maxWidth)
    {
        /// <summary>θ(a, b) in float64.</summary>
        public double[] Theta { get; } = new double[parameters];

        /// <summary>θ(a, b) rounded to T.</summary>
        public T[] Weights { get; } = new T[parameters];

        /// <summary>Activations of the layer being read.</summary>
        public T[] Current { get; } = new T[maxWidth * 2 * Vector256<T>.Count];

        /// <summary>Activations of the layer being written.</summary>
        public T[] Next { get; } = new T[maxWidth * 2 * Vector256<T>.Count];
    }

    /// <summary>A workspace for one thread.</summary>
    public Workspace CreateWorkspace() => new(_model.ParameterCount, _maxWidth);

    /// <summary>Computes Z₀, Z_a, Z_b (float64, then rounded to T) and the targets for <paramref name="data"/>.</summary>
    public Prepared Prepare(RegressionSet data)
    {
        var inputs = _sizes[0];
        var width = _sizes[1];
        var samples = data.Y.Length;
        var tiles = (samples + TileSize - 1) / TileSize;
        var z0 = new T[tiles * width * TileSize];
        var za = new T[z0.Length];
        var zb = new T[z0.Length];
        var targets = new T[tiles * TileSize];
        var weights = _model.WeightOffset(0);
        var bias = _model.HasBias ? _model.BiasOffset(0) : -1;
        for (var s = 0; s < samples; s++)
        {
            var x = data.X.AsSpan(s * inputs, inputs);
            var tile = s / TileSize;
            var lane = s % TileSize;
            for (var h = 0; h < width; h++)
            {
                var row = weights + (h * inputs);
                var index = (((tile * width) + h) * TileSize) + lane;
                z0[index] = T.CreateTruncating(Dot(_plane.Origin, row, x) + (bias >= 0 ? _plane.Origin[bias + h] : 0.0));
                za[index] = T.CreateTruncating(Dot(_plane.Direction1, row, x) + (bias >= 0 ? _plane.Direction1[bias + h] : 0.0));
                zb[index] = T.CreateTruncating(Dot(_plane.Direction2, row, x) + (bias >= 0 ? _plane.Direction2[bias + h] : 0.0));
            }

            targets[s] = T.CreateTruncating(data.Y[s]);
        }

        return new Prepared(samples, tiles, z0, za, zb, targets);
    }

    /// <summary>Σ (ŷ − y)² over the prepared samples at θ(a, b).</summary>
    public double SumSquaredErrors(Prepared data, double a, double b, Workspace workspace, CancellationToken cancellationToken = default)
    {
        _plane.PointAt(a, b, workspace.Theta);
        var weights = workspace.Weights;
        for (var p = 0; p < weights.Length; p++)
        {
            weights[p] = T.CreateTruncating(workspace.Theta[p]);
        }

        return SumSquaredErrors(data, T.CreateTruncating(a), T.CreateTruncating(b), weights, workspace, cancellationToken);
    }

    private double SumSquaredErrors(Prepared data, T a, T b, T[] weights, Workspace workspace, CancellationToken cancellationToken)
    {
        var activation = _model.Activation;
        var layers = _sizes.Length - 1;
        var width = _sizes[1];
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        var total = Vector256<double>.Zero;
        ref var rz0 = ref MemoryMarshal.GetArrayDataReference(data.Z0);
        ref var rza = ref MemoryMarshal.GetArrayDataReference(data.Za);
        ref var rzb = ref MemoryMarshal.GetArrayDataReference(data.Zb);
        ref var rw = ref MemoryMarshal.GetArrayDataReference(weights);
        for (var tile = 0; tile < data.Tiles; tile++)
        {
            // Every 64 tiles: one point of a large model on many samples takes seconds; the check reads one flag.
            if ((tile & 63) == 0 && cancellationToken.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var current = workspace.Current;
            var next = workspace.Next;
            ref var rc = ref MemoryMarshal.GetArrayDataReference(current);

            // First layer: z = Z₀ + a·Z_a + b·Z_b (the output itself when there is one layer).
            var first = (nuint)(tile * width * TileSize);
            for (var h = 0; h < 2 * width; h++)
            {
                var at = first + (nuint)(h * Lanes);
                var z = Fma(vb, Vector256.LoadUnsafe(ref rzb, at), Fma(va, Vector256.LoadUnsafe(ref rza, at), Vector256.LoadUnsafe(ref rz0, at)));
                (layers == 1 ? z : Activate(activation, z)).StoreUnsafe(ref rc, (nuint)(h * Lanes));
            }

            // Hidden layers after the first.
            for (var l = 1; l < layers - 1; l++)
            {
                HiddenLayer(activation, ref rw, _model.WeightOffset(l), _model.HasBias ? _model.BiasOffset(l) : -1, _sizes[l], _sizes[l + 1], current, next);
                (current, next) = (next, current);
            }

            // The output: ŷ = w·h + β.
            ref var rh = ref MemoryMarshal.GetArrayDataReference(current);
            Vector256<T> p0, p1;
            if (layers == 1)
            {
                p0 = Vector256.LoadUnsafe(ref rh);
                p1 = Vector256.LoadUnsafe(ref rh, (nuint)Lanes);
            }
            else
            {
                var fanIn = _sizes[^2];
                var w = _model.WeightOffset(layers - 1);
                p0 = Vector256.Create(_model.HasBias ? Unsafe.Add(ref rw, _model.BiasOffset(layers - 1)) : T.Zero);
                p1 = p0;
                for (var j = 0; j < fanIn; j++)
                {
                    var wj = Vector256.Create(Unsafe.Add(ref rw, w + j));
                    p0 = Fma(wj, Vector256.LoadUnsafe(ref rh, (nuint)(2 * j * Lanes)), p0);
                    p1 = Fma(wj, Vector256.LoadUnsafe(ref rh, (nuint)(((2 * j) + 1) * Lanes)), p1);
                }
            }

            ref var ry = ref MemoryMarshal.GetArrayDataReference(data.Targets);
            var r0 = p0 - Vector256.LoadUnsafe(ref ry, (nuint)(tile * TileSize));
            var r1 = p1 - Vector256.LoadUnsafe(ref ry, (nuint)((tile * TileSize) + Lanes));
            var valid = data.Samples - (tile * TileSize);
            if (valid < TileSize)
            {
                // The padded lanes of the last tile hold no sample.
                r0 = Vector256.ConditionalSelect(Mask(valid), r0, Vector256<T>.Zero);
                r1 = Vector256.ConditionalSelect(Mask(valid - Lanes), r1, Vector256<T>.Zero);
            }

            total += Widen(Fma(r1, r1, r0 * r0));
        }

        return Vector256.Sum(total);
    }

    /// <summary>next[k] = f(Σⱼ W[k, j]·current[j] + b[k]) for one tile, four units at a time.</summary>
    private static void HiddenLayer(Activation activation, ref T rw, int weights, int bias, int fanIn, int fanOut, T[] current, T[] next)
    {
        ref var rc = ref MemoryMarshal.GetArrayDataReference(current);
        ref var rn = ref MemoryMarshal.GetArrayDataReference(next);
        var k = 0;
        for (; k + 4 <= fanOut; k += 4)
        {
            FourUnits(ref Unsafe.Add(ref rw, weights + (k * fanIn)), fanIn, ref rc, ref Unsafe.Add(ref rn, 2 * k * Lanes));
        }

        for (; k < fanOut; k++)
        {
            OneUnit(ref Unsafe.Add(ref rw, weights + (k * fanIn)), fanIn, ref rc, ref Unsafe.Add(ref rn, 2 * k * Lanes));
        }

        // Bias and activation in a second pass, so the multiply-add loops keep every accumulator in a register.
        for (k = 0; k < fanOut; k++)
        {
            var beta = bias >= 0 ? Vector256.Create(Unsafe.Add(ref rw, bias + k)) : Vector256<T>.Zero;
            ref var at = ref Unsafe.Add(ref rn, 2 * k * Lanes);
            Activate(activation, Vector256.LoadUnsafe(ref at) + beta).StoreUnsafe(ref at);
            Activate(activation, Vector256.LoadUnsafe(ref at, (nuint)Lanes) + beta).StoreUnsafe(ref at, (nuint)Lanes);
        }
    }

    /// <summary>Σⱼ W[k..k+3, j]·h[j] for the two vectors of a tile: eight accumulators, h loaded once per j.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FourUnits(ref T w0, int fanIn, ref T h, ref T destination)
    {
        ref var w1 = ref Unsafe.Add(ref w0, fanIn);
        ref var w2 = ref Unsafe.Add(ref w1, fanIn);
        ref var w3 = ref Unsafe.Add(ref w2, fanIn);
        var a00 = Vector256<T>.Zero;
        var a01 = Vector256<T>.Zero;
        var a10 = Vector256<T>.Zero;
        var a11 = Vector256<T>.Zero;
        var a20 = Vector256<T>.Zero;
        var a21 = Vector256<T>.Zero;
        var a30 = Vector256<T>.Zero;
        var a31 = Vector256<T>.Zero;
        for (var j = 0; j < fanIn; j++)
        {
            var h0 = Vector256.LoadUnsafe(ref h);
            var h1 = Vector256.LoadUnsafe(ref h, (nuint)Vector256<T>.Count);
            h = ref Unsafe.Add(ref h, 2 * Vector256<T>.Count);
            var v = Vector256.Create(Unsafe.Add(ref w0, j));
            a00 = Fma(v, h0, a00);
            a01 = Fma(v, h1, a01);
            v = Vector256.Create(Unsafe.Add(ref w1, j));
            a10 = Fma(v, h0, a10);
            a11 = Fma(v, h1, a11);
            v = Vector256.Create(Unsafe.Add(ref w2, j));
            a20 = Fma(v, h0, a20);
            a21 = Fma(v, h1, a21);
            v = Vector256.Create(Unsafe.Add(ref w3, j));
            a30 = Fma(v, h0, a30);
            a31 = Fma(v, h1, a31);
        }

        var lanes = (nuint)Vector256<T>.Count;
        a00.StoreUnsafe(ref destination);
        a01.StoreUnsafe(ref destination, lanes);
        a10.StoreUnsafe(ref destination, 2 * lanes);
        a11.StoreUnsafe(ref destination, 3 * lanes);
        a20.StoreUnsafe(ref destination, 4 * lanes);
        a21.StoreUnsafe(ref destination, 5 * lanes);
        a30.StoreUnsafe(ref destination, 6 * lanes);
        a31.StoreUnsafe(ref destination, 7 * lanes);
    }

    /// <summary>Σⱼ W[k, j]·h[j] for the two vectors of a tile.</summary>
    private static void OneUnit(ref T w, int fanIn, ref T h, ref T destination)
    {
        var a0 = Vector256<T>.Zero;
        var a1 = Vector256<T>.Zero;
        for (var j = 0; j < fanIn; j++)
        {
            var v = Vector256.Create(Unsafe.Add(ref w, j));
            a0 = Fma(v, Vector256.LoadUnsafe(ref h), a0);
            a1 = Fma(v, Vector256.LoadUnsafe(ref h, (nuint)Vector256<T>.Count), a1);
            h = ref Unsafe.Add(ref h, 2 * Vector256<T>.Count);
        }

        a0.StoreUnsafe(ref destination);
        a1.StoreUnsafe(ref destination, (nuint)Vector256<T>.Count);
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

    private static Vector256<T> Mask(int valid)
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = i < valid ? T.AllBitsSet : T.Zero;
        }

        return Vector256.Create<T>(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Widen(Vector256<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            var (lower, upper) = Vector256.Widen(value.AsSingle());
            return lower + upper;
        }

        return value.AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Tanh(Vector256<T> z) =>
        typeof(T) == typeof(float)
            ? TanhKernels.Tanh(z.AsSingle()).As<float, T>()
            : TanhKernels.Tanh(z.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Activate(Activation activation, Vector256<T> z)
    {
        switch (activation)
        {
            case Activation.Tanh:
                return Tanh(z);
            case Activation.Relu:
                return Vector256.Max(z, Vector256<T>.Zero);
            case Activation.Linear:
                return z;
            case Activation.Sigmoid:
                var half = Vector256.Create(T.CreateTruncating(0.5));
                return Fma(half, Tanh(half * z), half);
            default:
                return Lanewise(activation, z);
        }
    }

    private static Vector256<T> Lanewise(Activation activation, Vector256<T> z)
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        z.CopyTo(lanes);
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = T.CreateTruncating(ActivationFunctions.Value(activation, double.CreateTruncating(lanes[i])));
        }

        return Vector256.Create<T>(lanes);
    }
}
