using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossLandscape.Models;

/// <summary>
/// The vector operations a width-generic kernel needs on vectors <typeparamref name="TVector"/> of
/// <typeparamref name="T"/> (float or double): a kernel written once over <c>TWidth : IVectorWidth&lt;TVector, T&gt;</c>
/// is compiled for each width it is called with, and the calls inline to the instructions themselves.
/// </summary>
internal interface IVectorWidth<TVector, T>
    where TVector : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Elements in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>The vector at <paramref name="source"/> + <paramref name="offset"/>.</summary>
    static abstract TVector Load(ref T source, nuint offset);

    /// <summary>Stores <paramref name="value"/> at <paramref name="destination"/> + <paramref name="offset"/>.</summary>
    static abstract void Store(TVector value, ref T destination, nuint offset);

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TVector Create(T value);

    /// <summary>a·b + c rounded once.</summary>
    static abstract TVector Fma(TVector a, TVector b, TVector c);

    /// <summary>a + b.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a − b.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>a·b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>The larger of a and b lane by lane.</summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary><see cref="TanhKernels"/>' tanh lane by lane (the same bits at every width).</summary>
    static abstract TVector Tanh(TVector value);

    /// <summary>The lanes into <paramref name="destination"/>.</summary>
    static abstract void CopyTo(TVector value, Span<T> destination);

    /// <summary>A vector of the first <see cref="Count"/> values.</summary>
    static abstract TVector Create(ReadOnlySpan<T> values);

    /// <summary>
    /// Adds the squares of the <paramref name="valid"/> first lanes of (r0, r1), a tile of two vectors, to
    /// <paramref name="total"/> in the order of 256-bit tiles: for each tile of two 256-bit vectors (u0, u1) in turn,
    /// total += widen(u1·u1 + u0·u0), lanes past <paramref name="valid"/> as 0. The same sums at every width.
    /// </summary>
    static abstract Vector256<double> AddSquares(Vector256<double> total, TVector r0, TVector r1, int valid);
}

/// <summary>256-bit vectors (AVX2).</summary>
internal readonly struct Width256<T> : IVectorWidth<Vector256<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => Vector256<T>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Create(T value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c) =>
        typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh(Vector256<T> value) =>
        typeof(T) == typeof(float)
            ? TanhKernels.Tanh(value.AsSingle()).As<float, T>()
            : TanhKernels.Tanh(value.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    public static void CopyTo(Vector256<T> value, Span<T> destination) => value.CopyTo(destination);

    /// <inheritdoc/>
    public static Vector256<T> Create(ReadOnlySpan<T> values) => Vector256.Create(values);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AddSquares(Vector256<double> total, Vector256<T> r0, Vector256<T> r1, int valid)
    {
        if (valid < 2 * Count)
        {
            // The padded lanes of the last tile hold no sample.
            r0 = Vector256.ConditionalSelect(Mask(valid), r0, Vector256<T>.Zero);
            r1 = Vector256.ConditionalSelect(Mask(valid - Count), r1, Vector256<T>.Zero);
        }

        var square = Fma(r1, r1, r0 * r0);
        if (typeof(T) == typeof(float))
        {
            var (lower, upper) = Vector256.Widen(square.AsSingle());
            return total + (lower + upper);
        }

        return total + square.AsDouble();
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
}

/// <summary>512-bit vectors (AVX-512).</summary>
internal readonly struct Width512<T> : IVectorWidth<Vector512<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => Vector512<T>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Create(T value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c) =>
        typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh(Vector512<T> value) =>
        typeof(T) == typeof(float)
            ? TanhKernels.Tanh(value.AsSingle()).As<float, T>()
            : TanhKernels.Tanh(value.AsDouble()).As<double, T>();

    /// <inheritdoc/>
    public static void CopyTo(Vector512<T> value, Span<T> destination) => value.CopyTo(destination);

    /// <inheritdoc/>
    public static Vector512<T> Create(ReadOnlySpan<T> values) => Vector512.Create(values);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AddSquares(Vector256<double> total, Vector512<T> r0, Vector512<T> r1, int valid)
    {
        // Each 512-bit vector is one 256-bit tile (its lower and upper halves), so two tiles in order.
        var half = Vector256<T>.Count;
        total = Width256<T>.AddSquares(total, r0.GetLower(), r0.GetUpper(), valid);
        return Width256<T>.AddSquares(total, r1.GetLower(), r1.GetUpper(), valid - (2 * half));
    }
}
