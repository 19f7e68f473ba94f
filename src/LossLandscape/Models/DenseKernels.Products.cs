using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LossLandscape.Models;

/// <summary>
/// Matrix products of a chunk of samples held unit-major (one row of <c>stride</c> lanes per unit, the first
/// <c>lanes</c> of them used, a multiple of four): every multiply-add runs over four samples at once, and every sum runs
/// over the units in order, so a result does not depend on the thread.
/// </summary>
internal static partial class DenseKernels
{
    /// <summary>Z[k, s] = Σⱼ W[k, j]·H[j, s] (+ c[k] when <paramref name="bias"/> is not empty), W fanOut × fanIn row-major.</summary>
    public static void Product(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> input, Span<double> output, int fanIn, int fanOut, int stride, int lanes)
    {
        for (var k = 0; k < fanOut; k++)
        {
            Combine(weights, k * fanIn, 1, fanIn, input, output.Slice(k * stride, lanes), stride, bias.IsEmpty ? 0.0 : bias[k]);
        }
    }

    /// <summary>B[j, s] = Σₖ W[k, j]·D[k, s]: the product with Wᵀ (W fanOut × fanIn row-major), B fanIn rows.</summary>
    public static void TransposedProduct(ReadOnlySpan<double> weights, ReadOnlySpan<double> delta, Span<double> below, int fanIn, int fanOut, int stride, int lanes)
    {
        for (var j = 0; j < fanIn; j++)
        {
            Combine(weights, j, fanIn, fanOut, delta, below.Slice(j * stride, lanes), stride, 0.0);
        }
    }

    /// <summary>
    /// destination[s] = start + Σₘ c[first + m·step]·rows[m·stride + s] over <paramref name="terms"/> rows, four vectors
    /// of samples at a time (four independent multiply-add chains), then one vector at a time.
    /// </summary>
    private static void Combine(ReadOnlySpan<double> coefficients, int first, int step, int terms, ReadOnlySpan<double> rows, Span<double> destination, int stride, double start)
    {
        ref var c = ref MemoryMarshal.GetReference(coefficients);
        ref var h = ref MemoryMarshal.GetReference(rows);
        ref var z = ref MemoryMarshal.GetReference(destination);
        var width = Vector256<double>.Count;
        var lanes = destination.Length;
        var init = Vector256.Create(start);
        var s = 0;
        for (; s <= lanes - (4 * width); s += 4 * width)
        {
            var acc0 = init;
            var acc1 = init;
            var acc2 = init;
            var acc3 = init;
            for (var m = 0; m < terms; m++)
            {
                var cm = Vector256.Create(Unsafe.Add(ref c, first + (m * step)));
                var at = (nuint)((m * stride) + s);
                acc0 = Vector256.FusedMultiplyAdd(cm, Vector256.LoadUnsafe(ref h, at), acc0);
                acc1 = Vector256.FusedMultiplyAdd(cm, Vector256.LoadUnsafe(ref h, at + (nuint)width), acc1);
                acc2 = Vector256.FusedMultiplyAdd(cm, Vector256.LoadUnsafe(ref h, at + (nuint)(2 * width)), acc2);
                acc3 = Vector256.FusedMultiplyAdd(cm, Vector256.LoadUnsafe(ref h, at + (nuint)(3 * width)), acc3);
            }

            acc0.StoreUnsafe(ref z, (nuint)s);
            acc1.StoreUnsafe(ref z, (nuint)(s + width));
            acc2.StoreUnsafe(ref z, (nuint)(s + (2 * width)));
            acc3.StoreUnsafe(ref z, (nuint)(s + (3 * width)));
        }

        for (; s < lanes; s += width)
        {
            var acc = init;
            for (var m = 0; m < terms; m++)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref c, first + (m * step))), Vector256.LoadUnsafe(ref h, (nuint)((m * stride) + s)), acc);
            }

            acc.StoreUnsafe(ref z, (nuint)s);
        }
    }

    /// <summary>
    /// G[k, j] += Σₛ D[k, s]·H[j, s] (G fanOut × fanIn row-major): four inputs j at a time, so four independent
    /// multiply-add chains run over the samples; each sum is its four lanes added, then the tail of j one at a time.
    /// </summary>
    public static void AddOuterProducts(ReadOnlySpan<double> delta, ReadOnlySpan<double> input, Span<double> gradient, int fanIn, int fanOut, int stride, int lanes)
    {
        ref var d = ref MemoryMarshal.GetReference(delta);
        ref var h = ref MemoryMarshal.GetReference(input);
        var width = Vector256<double>.Count;
        for (var k = 0; k < fanOut; k++)
        {
            var dk = (nuint)(k * stride);
            var j = 0;
            for (; j <= fanIn - 4; j += 4)
            {
                var acc0 = Vector256<double>.Zero;
                var acc1 = Vector256<double>.Zero;
                var acc2 = Vector256<double>.Zero;
                var acc3 = Vector256<double>.Zero;
                var h0 = (nuint)(j * stride);
                for (var s = 0; s < lanes; s += width)
                {
                    var dv = Vector256.LoadUnsafe(ref d, dk + (nuint)s);
                    acc0 = Vector256.FusedMultiplyAdd(dv, Vector256.LoadUnsafe(ref h, h0 + (nuint)s), acc0);
                    acc1 = Vector256.FusedMultiplyAdd(dv, Vector256.LoadUnsafe(ref h, h0 + (nuint)(stride + s)), acc1);
                    acc2 = Vector256.FusedMultiplyAdd(dv, Vector256.LoadUnsafe(ref h, h0 + (nuint)((2 * stride) + s)), acc2);
                    acc3 = Vector256.FusedMultiplyAdd(dv, Vector256.LoadUnsafe(ref h, h0 + (nuint)((3 * stride) + s)), acc3);
                }

                var row = (k * fanIn) + j;
                gradient[row] += Vector256.Sum(acc0);
                gradient[row + 1] += Vector256.Sum(acc1);
                gradient[row + 2] += Vector256.Sum(acc2);
                gradient[row + 3] += Vector256.Sum(acc3);
            }

            for (; j < fanIn; j++)
            {
                gradient[(k * fanIn) + j] += Dot(delta.Slice(k * stride, lanes), input.Slice(j * stride, lanes));
            }
        }
    }

    /// <summary>Σᵢ xᵢ in a fixed order (four lanes, then the lanes summed, then the tail).</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        var i = 0;
        var sum = 0.0;
        if (x.Length >= Vector256<double>.Count)
        {
            ref var r = ref MemoryMarshal.GetReference(x);
            var acc = Vector256<double>.Zero;
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                acc += Vector256.LoadUnsafe(ref r, (nuint)i);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i];
        }

        return sum;
    }
}
