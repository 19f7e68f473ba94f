using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LossLandscape.Curvature;

/// <summary>
/// The two matrix shapes of the R-operator on a chunk of samples held unit-major (one row of <c>stride</c> lanes per
/// unit, the first <c>lanes</c> used, a multiple of four): a sum of two matrix products into rows, and two outer
/// products summed over the samples. Two output rows share every load of an input row, so each load feeds two
/// multiply-adds; every sum runs in an order fixed by the shapes alone, so a result does not depend on the thread.
/// </summary>
internal static class RKernels
{
    /// <summary>
    /// out[r, s] = start[r] + Σₘ (P[r, m]·A[m, s] + Q[r, m]·B[m, s]) over <paramref name="terms"/> rows m, for
    /// <paramref name="rowCount"/> rows r. P[r, m] is <c>p[r·rowStep + m·termStep]</c> (Q alike), so a weight matrix
    /// and its transpose are both read in place. <paramref name="q"/> empty: the second product is left out.
    /// <paramref name="start"/> empty: the sums start at 0.
    /// </summary>
    // AggressiveOptimization on the kernels: fully optimised at the first call. Tier-0 code ran the SIMD loops about
    // ten times slower, so the time estimate, which times the first products, said 59 s for a run of 8 s.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Combine(
        ReadOnlySpan<double> p,
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> q,
        ReadOnlySpan<double> b,
        ReadOnlySpan<double> start,
        Span<double> output,
        int rowCount,
        int terms,
        int rowStep,
        int termStep,
        int stride,
        int lanes)
    {
        var r = 0;
        for (; r + 1 < rowCount; r += 2)
        {
            if (q.IsEmpty)
            {
                Rows2(p, a, p, a, start, output, r, terms, rowStep, termStep, stride, lanes, second: false);
            }
            else
            {
                Rows2(p, a, q, b, start, output, r, terms, rowStep, termStep, stride, lanes, second: true);
            }
        }

        for (; r < rowCount; r++)
        {
            Row1(p, a, q, b, start, output, r, terms, rowStep, termStep, stride, lanes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows2(
        ReadOnlySpan<double> p,
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> q,
        ReadOnlySpan<double> b,
        ReadOnlySpan<double> start,
        Span<double> output,
        int r,
        int terms,
        int rowStep,
        int termStep,
        int stride,
        int lanes,
        bool second)
    {
        ref var rp = ref MemoryMarshal.GetReference(p);
        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var ro = ref MemoryMarshal.GetReference(output);
        var width = Vector256<double>.Count;
        var init0 = Vector256.Create(start.IsEmpty ? 0.0 : start[r]);
        var init1 = Vector256.Create(start.IsEmpty ? 0.0 : start[r + 1]);
        var c0 = r * rowStep;
        var c1 = c0 + rowStep;
        var o0 = (nuint)(r * stride);
        var o1 = o0 + (nuint)stride;
        var s = 0;

        // Two rows by four vectors: eight independent sums, enough to cover the multiply-add latency.
        for (; s <= lanes - (4 * width); s += 4 * width)
        {
            var x00 = init0;
            var x01 = init0;
            var x02 = init0;
            var x03 = init0;
            var x10 = init1;
            var x11 = init1;
            var x12 = init1;
            var x13 = init1;
            for (var m = 0; m < terms; m++)
            {
                var at = (nuint)((m * stride) + s);
                var p0 = Vector256.Create(Unsafe.Add(ref rp, c0 + (m * termStep)));
                var p1 = Vector256.Create(Unsafe.Add(ref rp, c1 + (m * termStep)));
                var a0 = Vector256.LoadUnsafe(ref ra, at);
                x00 = Vector256.FusedMultiplyAdd(p0, a0, x00);
                x10 = Vector256.FusedMultiplyAdd(p1, a0, x10);
                var a1 = Vector256.LoadUnsafe(ref ra, at + (nuint)width);
                x01 = Vector256.FusedMultiplyAdd(p0, a1, x01);
                x11 = Vector256.FusedMultiplyAdd(p1, a1, x11);
                var a2 = Vector256.LoadUnsafe(ref ra, at + (nuint)(2 * width));
                x02 = Vector256.FusedMultiplyAdd(p0, a2, x02);
                x12 = Vector256.FusedMultiplyAdd(p1, a2, x12);
                var a3 = Vector256.LoadUnsafe(ref ra, at + (nuint)(3 * width));
                x03 = Vector256.FusedMultiplyAdd(p0, a3, x03);
                x13 = Vector256.FusedMultiplyAdd(p1, a3, x13);
                if (second)
                {
                    var q0 = Vector256.Create(Unsafe.Add(ref rq, c0 + (m * termStep)));
                    var q1 = Vector256.Create(Unsafe.Add(ref rq, c1 + (m * termStep)));
                    var b0 = Vector256.LoadUnsafe(ref rb, at);
                    x00 = Vector256.FusedMultiplyAdd(q0, b0, x00);
                    x10 = Vector256.FusedMultiplyAdd(q1, b0, x10);
                    var b1 = Vector256.LoadUnsafe(ref rb, at + (nuint)width);
                    x01 = Vector256.FusedMultiplyAdd(q0, b1, x01);
                    x11 = Vector256.FusedMultiplyAdd(q1, b1, x11);
                    var b2 = Vector256.LoadUnsafe(ref rb, at + (nuint)(2 * width));
                    x02 = Vector256.FusedMultiplyAdd(q0, b2, x02);
                    x12 = Vector256.FusedMultiplyAdd(q1, b2, x12);
                    var b3 = Vector256.LoadUnsafe(ref rb, at + (nuint)(3 * width));
                    x03 = Vector256.FusedMultiplyAdd(q0, b3, x03);
                    x13 = Vector256.FusedMultiplyAdd(q1, b3, x13);
                }
            }

            x00.StoreUnsafe(ref ro, o0 + (nuint)s);
            x01.StoreUnsafe(ref ro, o0 + (nuint)(s + width));
            x02.StoreUnsafe(ref ro, o0 + (nuint)(s + (2 * width)));
            x03.StoreUnsafe(ref ro, o0 + (nuint)(s + (3 * width)));
            x10.StoreUnsafe(ref ro, o1 + (nuint)s);
            x11.StoreUnsafe(ref ro, o1 + (nuint)(s + width));
            x12.StoreUnsafe(ref ro, o1 + (nuint)(s + (2 * width)));
            x13.StoreUnsafe(ref ro, o1 + (nuint)(s + (3 * width)));
        }

        for (; s < lanes; s += width)
        {
            var x0 = init0;
            var x1 = init1;
            for (var m = 0; m < terms; m++)
            {
                var at = (nuint)((m * stride) + s);
                var a0 = Vector256.LoadUnsafe(ref ra, at);
                x0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rp, c0 + (m * termStep))), a0, x0);
                x1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rp, c1 + (m * termStep))), a0, x1);
                if (second)
                {
                    var b0 = Vector256.LoadUnsafe(ref rb, at);
                    x0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rq, c0 + (m * termStep))), b0, x0);
                    x1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rq, c1 + (m * termStep))), b0, x1);
                }
            }

            x0.StoreUnsafe(ref ro, o0 + (nuint)s);
            x1.StoreUnsafe(ref ro, o1 + (nuint)s);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1(
        ReadOnlySpan<double> p,
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> q,
        ReadOnlySpan<double> b,
        ReadOnlySpan<double> start,
        Span<double> output,
        int r,
        int terms,
        int rowStep,
        int termStep,
        int stride,
        int lanes)
    {
        ref var rp = ref MemoryMarshal.GetReference(p);
        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var ro = ref MemoryMarshal.GetReference(output);
        var second = !q.IsEmpty;
        var init = Vector256.Create(start.IsEmpty ? 0.0 : start[r]);
        var c0 = r * rowStep;
        var width = Vector256<double>.Count;
        var o = (nuint)(r * stride);
        var s = 0;

        // Four vectors of samples at a time: four independent sums (one sum alone waits on each multiply-add's latency).
        // Each lane's sum runs over m in the same order either way.
        for (; s <= lanes - (4 * width); s += 4 * width)
        {
            var x0 = init;
            var x1 = init;
            var x2 = init;
            var x3 = init;
            for (var m = 0; m < terms; m++)
            {
                var at = (nuint)((m * stride) + s);
                var pm = Vector256.Create(Unsafe.Add(ref rp, c0 + (m * termStep)));
                x0 = Vector256.FusedMultiplyAdd(pm, Vector256.LoadUnsafe(ref ra, at), x0);
                x1 = Vector256.FusedMultiplyAdd(pm, Vector256.LoadUnsafe(ref ra, at + (nuint)width), x1);
                x2 = Vector256.FusedMultiplyAdd(pm, Vector256.LoadUnsafe(ref ra, at + (nuint)(2 * width)), x2);
                x3 = Vector256.FusedMultiplyAdd(pm, Vector256.LoadUnsafe(ref ra, at + (nuint)(3 * width)), x3);
                if (second)
                {
                    var qm = Vector256.Create(Unsafe.Add(ref rq, c0 + (m * termStep)));
                    x0 = Vector256.FusedMultiplyAdd(qm, Vector256.LoadUnsafe(ref rb, at), x0);
                    x1 = Vector256.FusedMultiplyAdd(qm, Vector256.LoadUnsafe(ref rb, at + (nuint)width), x1);
                    x2 = Vector256.FusedMultiplyAdd(qm, Vector256.LoadUnsafe(ref rb, at + (nuint)(2 * width)), x2);
                    x3 = Vector256.FusedMultiplyAdd(qm, Vector256.LoadUnsafe(ref rb, at + (nuint)(3 * width)), x3);
                }
            }

            x0.StoreUnsafe(ref ro, o + (nuint)s);
            x1.StoreUnsafe(ref ro, o + (nuint)(s + width));
            x2.StoreUnsafe(ref ro, o + (nuint)(s + (2 * width)));
            x3.StoreUnsafe(ref ro, o + (nuint)(s + (3 * width)));
        }

        for (; s < lanes; s += width)
        {
            var x = init;
            for (var m = 0; m < terms; m++)
            {
                var at = (nuint)((m * stride) + s);
                x = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rp, c0 + (m * termStep))), Vector256.LoadUnsafe(ref ra, at), x);
                if (second)
                {
                    x = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rq, c0 + (m * termStep))), Vector256.LoadUnsafe(ref rb, at), x);
                }
            }

            x.StoreUnsafe(ref ro, o + (nuint)s);
        }
    }

    /// <summary>
    /// G[k, j] += Σₛ (D[k, s]·H[j, s] + E[k, s]·F[j, s]) (G rows × columns, row-major) over the first
    /// <paramref name="lanes"/> samples; <paramref name="e"/> empty: the second product is left out. Blocks of two rows
    /// by four columns keep eight vector sums; each is reduced lane by lane in a fixed order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuter(
        ReadOnlySpan<double> d,
        ReadOnlySpan<double> h,
        ReadOnlySpan<double> e,
        ReadOnlySpan<double> f,
        Span<double> gradient,
        int rows,
        int columns,
        int stride,
        int lanes)
    {
        var second = !e.IsEmpty;
        var k = 0;
        if (columns < 4)
        {
            // Few columns (a layer with one or two inputs): four rows share each load of a column.
            for (; k + 3 < rows; k += 4)
            {
                for (var j = 0; j < columns; j++)
                {
                    Column4(d, h, e, f, gradient, k, j, columns, stride, lanes, second);
                }
            }
        }

        for (; k + 1 < rows; k += 2)
        {
            var j = 0;
            for (; j + 3 < columns; j += 4)
            {
                if (second)
                {
                    Block(d, h, e, f, gradient, k, j, columns, stride, lanes, second: true);
                }
                else
                {
                    Block(d, h, d, h, gradient, k, j, columns, stride, lanes, second: false);
                }
            }

            for (; j < columns; j++)
            {
                gradient[(k * columns) + j] += Pair(d, h, e, f, k, j, stride, lanes);
                gradient[((k + 1) * columns) + j] += Pair(d, h, e, f, k + 1, j, stride, lanes);
            }
        }

        for (; k < rows; k++)
        {
            var j = 0;
            for (; j + 3 < columns; j += 4)
            {
                // One row (a layer with one output): four columns share each load of the row.
                Row4(d, h, e, f, gradient, k, j, columns, stride, lanes, second);
            }

            for (; j < columns; j++)
            {
                gradient[(k * columns) + j] += Pair(d, h, e, f, k, j, stride, lanes);
            }
        }
    }

    /// <summary>G[k, j..j+3] of <see cref="AddOuter"/>: four sums, each in <see cref="Pair"/>'s order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row4(ReadOnlySpan<double> d, ReadOnlySpan<double> h, ReadOnlySpan<double> e, ReadOnlySpan<double> f, Span<double> gradient, int k, int j, int columns, int stride, int lanes, bool second)
    {
        ref var rd = ref MemoryMarshal.GetReference(d);
        ref var rh = ref MemoryMarshal.GetReference(h);
        ref var re = ref MemoryMarshal.GetReference(e);
        ref var rf = ref MemoryMarshal.GetReference(f);
        var k0 = (nuint)(k * stride);
        var j0 = (nuint)(j * stride);
        var j1 = j0 + (nuint)stride;
        var j2 = j1 + (nuint)stride;
        var j3 = j2 + (nuint)stride;
        Vector256<double> g0 = default, g1 = default, g2 = default, g3 = default;
        for (var s = (nuint)0; s < (nuint)lanes; s += (nuint)Vector256<double>.Count)
        {
            var d0 = Vector256.LoadUnsafe(ref rd, k0 + s);
            g0 = Vector256.FusedMultiplyAdd(d0, Vector256.LoadUnsafe(ref rh, j0 + s), g0);
            g1 = Vector256.FusedMultiplyAdd(d0, Vector256.LoadUnsafe(ref rh, j1 + s), g1);
            g2 = Vector256.FusedMultiplyAdd(d0, Vector256.LoadUnsafe(ref rh, j2 + s), g2);
            g3 = Vector256.FusedMultiplyAdd(d0, Vector256.LoadUnsafe(ref rh, j3 + s), g3);
            if (second)
            {
                var e0 = Vector256.LoadUnsafe(ref re, k0 + s);
                g0 = Vector256.FusedMultiplyAdd(e0, Vector256.LoadUnsafe(ref rf, j0 + s), g0);
                g1 = Vector256.FusedMultiplyAdd(e0, Vector256.LoadUnsafe(ref rf, j1 + s), g1);
                g2 = Vector256.FusedMultiplyAdd(e0, Vector256.LoadUnsafe(ref rf, j2 + s), g2);
                g3 = Vector256.FusedMultiplyAdd(e0, Vector256.LoadUnsafe(ref rf, j3 + s), g3);
            }
        }

        var at = (k * columns) + j;
        gradient[at] += Vector256.Sum(g0);
        gradient[at + 1] += Vector256.Sum(g1);
        gradient[at + 2] += Vector256.Sum(g2);
        gradient[at + 3] += Vector256.Sum(g3);
    }

    /// <summary>G[k..k+3, j] of <see cref="AddOuter"/>: four sums, each in <see cref="Pair"/>'s order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column4(ReadOnlySpan<double> d, ReadOnlySpan<double> h, ReadOnlySpan<double> e, ReadOnlySpan<double> f, Span<double> gradient, int k, int j, int columns, int stride, int lanes, bool second)
    {
        ref var rd = ref MemoryMarshal.GetReference(d);
        ref var rh = ref MemoryMarshal.GetReference(h);
        ref var re = ref MemoryMarshal.GetReference(e);
        ref var rf = ref MemoryMarshal.GetReference(f);
        var k0 = (nuint)(k * stride);
        var k1 = k0 + (nuint)stride;
        var k2 = k1 + (nuint)stride;
        var k3 = k2 + (nuint)stride;
        var j0 = (nuint)(j * stride);
        Vector256<double> g0 = default, g1 = default, g2 = default, g3 = default;
        for (var s = (nuint)0; s < (nuint)lanes; s += (nuint)Vector256<double>.Count)
        {
            var h0 = Vector256.LoadUnsafe(ref rh, j0 + s);
            g0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rd, k0 + s), h0, g0);
            g1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rd, k1 + s), h0, g1);
            g2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rd, k2 + s), h0, g2);
            g3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rd, k3 + s), h0, g3);
            if (second)
            {
                var f0 = Vector256.LoadUnsafe(ref rf, j0 + s);
                g0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref re, k0 + s), f0, g0);
                g1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref re, k1 + s), f0, g1);
                g2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref re, k2 + s), f0, g2);
                g3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref re, k3 + s), f0, g3);
            }
        }

        gradient[(k * columns) + j] += Vector256.Sum(g0);
        gradient[((k + 1) * columns) + j] += Vector256.Sum(g1);
        gradient[((k + 2) * columns) + j] += Vector256.Sum(g2);
        gradient[((k + 3) * columns) + j] += Vector256.Sum(g3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(
        ReadOnlySpan<double> d,
        ReadOnlySpan<double> h,
        ReadOnlySpan<double> e,
        ReadOnlySpan<double> f,
        Span<double> gradient,
        int k,
        int j,
        int columns,
        int stride,
        int lanes,
        bool second)
    {
        ref var rd = ref MemoryMarshal.GetReference(d);
        ref var rh = ref MemoryMarshal.GetReference(h);
        ref var re = ref MemoryMarshal.GetReference(e);
        ref var rf = ref MemoryMarshal.GetReference(f);
        var k0 = (nuint)(k * stride);
        var k1 = k0 + (nuint)stride;
        var j0 = (nuint)(j * stride);
        var j1 = j0 + (nuint)stride;
        var j2 = j1 + (nuint)stride;
        var j3 = j2 + (nuint)stride;
        Vector256<double> g00 = default, g01 = default, g02 = default, g03 = default;
        Vector256<double> g10 = default, g11 = default, g12 = default, g13 = default;
        for (var s = (nuint)0; s < (nuint)lanes; s += (nuint)Vector256<double>.Count)
        {
            var d0 = Vector256.LoadUnsafe(ref rd, k0 + s);
            var d1 = Vector256.LoadUnsafe(ref rd, k1 + s);
            var h0 = Vector256.LoadUnsafe(ref rh, j0 + s);
            var h1 = Vector256.LoadUnsafe(ref rh, j1 + s);
            var h2 = Vector256.LoadUnsafe(ref rh, j2 + s);
            var h3 = Vector256.LoadUnsafe(ref rh, j3 + s);
            g00 = Vector256.FusedMultiplyAdd(d0, h0, g00);
            g01 = Vector256.FusedMultiplyAdd(d0, h1, g01);
            g02 = Vector256.FusedMultiplyAdd(d0, h2, g02);
            g03 = Vector256.FusedMultiplyAdd(d0, h3, g03);
            g10 = Vector256.FusedMultiplyAdd(d1, h0, g10);
            g11 = Vector256.FusedMultiplyAdd(d1, h1, g11);
            g12 = Vector256.FusedMultiplyAdd(d1, h2, g12);
            g13 = Vector256.FusedMultiplyAdd(d1, h3, g13);
            if (second)
            {
                var e0 = Vector256.LoadUnsafe(ref re, k0 + s);
                var e1 = Vector256.LoadUnsafe(ref re, k1 + s);
                var f0 = Vector256.LoadUnsafe(ref rf, j0 + s);
                var f1 = Vector256.LoadUnsafe(ref rf, j1 + s);
                var f2 = Vector256.LoadUnsafe(ref rf, j2 + s);
                var f3 = Vector256.LoadUnsafe(ref rf, j3 + s);
                g00 = Vector256.FusedMultiplyAdd(e0, f0, g00);
                g01 = Vector256.FusedMultiplyAdd(e0, f1, g01);
                g02 = Vector256.FusedMultiplyAdd(e0, f2, g02);
                g03 = Vector256.FusedMultiplyAdd(e0, f3, g03);
                g10 = Vector256.FusedMultiplyAdd(e1, f0, g10);
                g11 = Vector256.FusedMultiplyAdd(e1, f1, g11);
                g12 = Vector256.FusedMultiplyAdd(e1, f2, g12);
                g13 = Vector256.FusedMultiplyAdd(e1, f3, g13);
            }
        }

        var row0 = (k * columns) + j;
        var row1 = row0 + columns;
        gradient[row0] += Vector256.Sum(g00);
        gradient[row0 + 1] += Vector256.Sum(g01);
        gradient[row0 + 2] += Vector256.Sum(g02);
        gradient[row0 + 3] += Vector256.Sum(g03);
        gradient[row1] += Vector256.Sum(g10);
        gradient[row1 + 1] += Vector256.Sum(g11);
        gradient[row1 + 2] += Vector256.Sum(g12);
        gradient[row1 + 3] += Vector256.Sum(g13);
    }

    private static double Pair(ReadOnlySpan<double> d, ReadOnlySpan<double> h, ReadOnlySpan<double> e, ReadOnlySpan<double> f, int k, int j, int stride, int lanes)
    {
        var sum = Vector256<double>.Zero;
        for (var s = 0; s < lanes; s += Vector256<double>.Count)
        {
            sum = Vector256.FusedMultiplyAdd(Vector256.Create(d.Slice((k * stride) + s, Vector256<double>.Count)), Vector256.Create(h.Slice((j * stride) + s, Vector256<double>.Count)), sum);
            if (!e.IsEmpty)
            {
                sum = Vector256.FusedMultiplyAdd(Vector256.Create(e.Slice((k * stride) + s, Vector256<double>.Count)), Vector256.Create(f.Slice((j * stride) + s, Vector256<double>.Count)), sum);
            }
        }

        return Vector256.Sum(sum);
    }
}
