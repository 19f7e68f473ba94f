using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LossLandscape.Curvature;

/// <summary>
/// Fused pairs of the dense kernels the R-operator needs: a·x + b·y in one pass over the destination, and two dot
/// products in one accumulator. Sums run in an order fixed by the length alone.
/// </summary>
internal static class PairKernels
{
    /// <summary>Σᵢ aᵢ·bᵢ + cᵢ·dᵢ over equal-length spans.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot2(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> d)
    {
        var n = a.Length;
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            ref var rc = ref MemoryMarshal.GetReference(c);
            ref var rd = ref MemoryMarshal.GetReference(d);
            var acc = Vector256<double>.Zero;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rc, (nuint)i), Vector256.LoadUnsafe(ref rd, (nuint)i), acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += (a[i] * b[i]) + (c[i] * d[i]);
        }

        return sum;
    }

    /// <summary>z ← z + α·x + β·y over equal-length spans.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy2(double alpha, ReadOnlySpan<double> x, double beta, ReadOnlySpan<double> y, Span<double> z)
    {
        var n = x.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var ry = ref MemoryMarshal.GetReference(y);
            ref var rz = ref MemoryMarshal.GetReference(z);
            var va = Vector256.Create(alpha);
            var vb = Vector256.Create(beta);
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var sum = Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref rz, (nuint)i));
                Vector256.FusedMultiplyAdd(vb, Vector256.LoadUnsafe(ref ry, (nuint)i), sum).StoreUnsafe(ref rz, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            z[i] += (alpha * x[i]) + (beta * y[i]);
        }
    }
}
