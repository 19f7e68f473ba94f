using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossLandscape.Curvature;

/// <summary>
/// The float64 vector operations a width-generic kernel needs, for one vector type <typeparamref name="TVector"/>:
/// a kernel written once over <c>TLanes : ILanes&lt;TVector&gt;</c> is compiled for each width it is called with.
/// </summary>
internal interface ILanes<TVector>
    where TVector : struct
{
    /// <summary>Doubles in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>The vector at <paramref name="source"/> + <paramref name="offset"/>.</summary>
    static abstract TVector Load(ref double source, nuint offset);

    /// <summary>Stores <paramref name="value"/> at <paramref name="destination"/> + <paramref name="offset"/>.</summary>
    static abstract void Store(TVector value, ref double destination, nuint offset);

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TVector Create(double value);

    /// <summary>a·b + c rounded once.</summary>
    static abstract TVector Fma(TVector a, TVector b, TVector c);

    /// <summary>a·b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);
}

/// <summary>256-bit vectors of four doubles (AVX2).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<double>>
{
    /// <inheritdoc/>
    public static int Count => Vector256<double>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Create(double value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
}

/// <summary>512-bit vectors of eight doubles (AVX-512).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<double>>
{
    /// <inheritdoc/>
    public static int Count => Vector512<double>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Create(double value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
}
