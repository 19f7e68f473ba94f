using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LossLandscape.Models;

namespace LossLandscape.Curvature;

/// <summary>
/// The two matrix shapes of the R-operator on a chunk of samples held unit-major (one row of <c>stride</c> lanes per
/// unit, the first <c>lanes</c> used, a multiple of four): a sum of two matrix products into rows, and two outer
/// products summed over the samples. Two output rows share every load of an input row, so each load feeds two
/// multiply-adds; every sum runs in an order fixed by the shapes alone, so a result does not depend on the thread.
/// </summary>
/// <remarks>
/// <see cref="Combine"/> runs in 512-bit vectors where the CPU has AVX-512 (<see cref="Wide"/>) and in 256-bit vectors
/// otherwise (and on the lanes a 512-bit block leaves): each lane's sum runs over m in the same order at either width,
/// so its results are the same bit for bit. <see cref="AddOuter"/> sums across lanes, so its order would depend on the
/// width: it stays at 256 bits (on Zen 4 a 512-bit FMA is issued as two 256-bit halves, so the rate is the same).
/// </remarks>
internal static class RKernels
{
    /// <summary>What <see cref="Combine"/> does with each sum before it stores it.</summary>
    private enum Epilogue
    {
        /// <summary>out = the sum.</summary>
        None,

        /// <summary>out = the sum, and scaled = f ⊙ the sum.</summary>
        Scaled,

        /// <summary>out = the sum ⊙ f + c ⊙ r.</summary>
        MultiplyAdd,
    }

    /// <summary>True (the default where the CPU runs 512-bit vectors) to run <see cref="Combine"/> in 512-bit vectors; tests switch it off to compare.</summary>
    internal static bool Wide { get; set; } = Vector512.IsHardwareAccelerated;

    /// <summary>
    /// out[r, s] = start[r] + Σₘ (P[r, m]·A[m, s] + Q[r, m]·B[m, s]) over <paramref name="terms"/> rows m, for
    /// <paramref name="rowCount"/> rows r. P[r, m] is <c>p[r·rowStep + m·termStep]</c> (Q alike), so a weight matrix
    /// and its transpose are both read in place. <paramref name="q"/> empty: the second product is left out.
    /// <paramref name="start"/> empty: the sums start at 0.
    /// </summary>
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
        var o = new Operands(p, a, q, b, start, output, terms, rowStep, termStep, stride, Epilogue.None);
        Run(ref o, rowCount, lanes);
    }

    /// <summary><see cref="Combine"/>, and scaled[r, s] = f[r, s]·out[r, s] (R{a} = f′ ⊙ R{z}) from the sums still in registers.</summary>
    public static void CombineScaled(
        ReadOnlySpan<double> p,
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> q,
        ReadOnlySpan<double> b,
        ReadOnlySpan<double> start,
        Span<double> output,
        ReadOnlySpan<double> f,
        Span<double> scaled,
        int rowCount,
        int terms,
        int stride,
        int lanes)
    {
        CheckRows(rowCount, stride, lanes, output.Length, f.Length, scaled.Length);
        var o = new Operands(p, a, q, b, start, output, terms, terms, 1, stride, Epilogue.Scaled);
        o.F = ref MemoryMarshal.GetReference(f);
        o.Scaled = ref MemoryMarshal.GetReference(scaled);
        Run(ref o, rowCount, lanes);
    }

    /// <summary>
    /// <see cref="Combine"/> of transposed matrices (P[r, m] = p[m·rowCount + r]) with out[r, s] = sum·f[r, s] + c[r, s]·r[r, s]:
    /// R{δ} = (Vᵀδ + WᵀR{δ}) ⊙ f′ + (Wᵀδ ⊙ f″) ⊙ R{z} in one pass.
    /// </summary>
    public static void CombineMultiplyAdd(
        ReadOnlySpan<double> p,
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> q,
        ReadOnlySpan<double> b,
        Span<double> output,
        ReadOnlySpan<double> f,
        ReadOnlySpan<double> c,
        ReadOnlySpan<double> r,
        int rowCount,
        int terms,
        int stride,
        int lanes)
    {
        CheckRows(rowCount, stride, lanes, output.Length, f.Length, c.Length, r.Length);
        var o = new Operands(p, a, q, b, default, output, terms, 1, rowCount, stride, Epilogue.MultiplyAdd);
        o.F = ref MemoryMarshal.GetReference(f);
        o.C = ref MemoryMarshal.GetReference(c);
        o.R = ref MemoryMarshal.GetReference(r);
        Run(ref o, rowCount, lanes);
    }

    /// <summary>Every span length given holds <paramref name="rowCount"/> rows of <paramref name="stride"/> lanes, the last at least <paramref name="lanes"/> long.</summary>
    private static void CheckRows(int rowCount, int stride, int lanes, params ReadOnlySpan<int> lengths)
    {
        var length = ((rowCount - 1) * stride) + lanes;
        foreach (var given in lengths)
        {
            if (given < length)
            {
                throw new ArgumentException($"the output and the epilogue's rows need {length} entries (got {given})");
            }
        }
    }

    // AggressiveOptimization on the kernels: fully optimised at the first call. Tier-0 code ran the SIMD loops about
    // ten times slower, so the time estimate, which times the first products, said 59 s for a run of 8 s.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(ref Operands o, int rowCount, int lanes)
    {
        var from = 0;
        if (Wide && Vector512.IsHardwareAccelerated)
        {
            from = Pass<Width512<double>, Vector512<double>>(ref o, rowCount, 0, lanes, tail: false);
        }

        Pass<Width256<double>, Vector256<double>>(ref o, rowCount, from, lanes, tail: true);
    }

    /// <summary>
    /// Rows in pairs (then the odd one) over the blocks of four vectors in lanes [from, lanes); with
    /// <paramref name="tail"/> the lanes left after the last block one vector at a time. Returns the first lane not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Pass<TL, TV>(ref Operands o, int rowCount, int from, int lanes, bool tail)
        where TL : struct, IVectorWidth<TV, double>
        where TV : struct
    {
        var block = 4 * TL.Count;
        var end = from + ((lanes - from) / block * block);
        var second = o.Second;
        var r = 0;
        for (; r + 1 < rowCount; r += 2)
        {
            for (var s = from; s < end; s += block)
            {
                if (second)
                {
                    TwoRows<TL, TV>(ref o, r, s, second: true);
                }
                else
                {
                    TwoRows<TL, TV>(ref o, r, s, second: false);
                }
            }
        }

        if (r < rowCount)
        {
            for (var s = from; s < end; s += block)
            {
                OneRow<TL, TV>(ref o, r, s);
            }
        }

        if (!tail)
        {
            return end;
        }

        for (var s = end; s < lanes; s += TL.Count)
        {
            for (r = 0; r < rowCount; r++)
            {
                OneVector<TL, TV>(ref o, r, s);
            }
        }

        return lanes;
    }

    /// <summary>Rows r and r + 1 by four vectors: eight independent sums, enough to cover the multiply-add latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoRows<TL, TV>(ref Operands o, int r, int s, bool second)
        where TL : struct, IVectorWidth<TV, double>
        where TV : struct
    {
        ref var rp = ref o.P;
        ref var ra = ref o.A;
        ref var rq = ref o.Q;
        ref var rb = ref o.B;
        int terms = o.Terms, stride = o.Stride, termStep = o.TermStep;
        var width = (nuint)TL.Count;
        var init0 = TL.Create(o.Start.IsEmpty ? 0.0 : o.Start[r]);
        var init1 = TL.Create(o.Start.IsEmpty ? 0.0 : o.Start[r + 1]);
        var c0 = r * o.RowStep;
        var c1 = c0 + o.RowStep;
        TV x00 = init0, x01 = init0, x02 = init0, x03 = init0;
        TV x10 = init1, x11 = init1, x12 = init1, x13 = init1;
        for (var m = 0; m < terms; m++)
        {
            var at = (nuint)((m * stride) + s);
            var p0 = TL.Create(Unsafe.Add(ref rp, c0 + (m * termStep)));
            var p1 = TL.Create(Unsafe.Add(ref rp, c1 + (m * termStep)));
            var a0 = TL.Load(ref ra, at);
            x00 = TL.Fma(p0, a0, x00);
            x10 = TL.Fma(p1, a0, x10);
            var a1 = TL.Load(ref ra, at + width);
            x01 = TL.Fma(p0, a1, x01);
            x11 = TL.Fma(p1, a1, x11);
            var a2 = TL.Load(ref ra, at + (2 * width));
            x02 = TL.Fma(p0, a2, x02);
            x12 = TL.Fma(p1, a2, x12);
            var a3 = TL.Load(ref ra, at + (3 * width));
            x03 = TL.Fma(p0, a3, x03);
            x13 = TL.Fma(p1, a3, x13);
            if (second)
            {
                var q0 = TL.Create(Unsafe.Add(ref rq, c0 + (m * termStep)));
                var q1 = TL.Create(Unsafe.Add(ref rq, c1 + (m * termStep)));
                var b0 = TL.Load(ref rb, at);
                x00 = TL.Fma(q0, b0, x00);
                x10 = TL.Fma(q1, b0, x10);
                var b1 = TL.Load(ref rb, at + width);
                x01 = TL.Fma(q0, b1, x01);
                x11 = TL.Fma(q1, b1, x11);
                var b2 = TL.Load(ref rb, at + (2 * width));
                x02 = TL.Fma(q0, b2, x02);
                x12 = TL.Fma(q1, b2, x12);
                var b3 = TL.Load(ref rb, at + (3 * width));
                x03 = TL.Fma(q0, b3, x03);
                x13 = TL.Fma(q1, b3, x13);
            }
        }

        var o0 = (nuint)((r * o.Stride) + s);
        var o1 = o0 + (nuint)o.Stride;
        Emit<TL, TV>(ref o, o0, x00);
        Emit<TL, TV>(ref o, o0 + width, x01);
        Emit<TL, TV>(ref o, o0 + (2 * width), x02);
        Emit<TL, TV>(ref o, o0 + (3 * width), x03);
        Emit<TL, TV>(ref o, o1, x10);
        Emit<TL, TV>(ref o, o1 + width, x11);
        Emit<TL, TV>(ref o, o1 + (2 * width), x12);
        Emit<TL, TV>(ref o, o1 + (3 * width), x13);
    }

    /// <summary>Row r by four vectors: four independent sums (one sum alone waits on each multiply-add's latency).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneRow<TL, TV>(ref Operands o, int r, int s)
        where TL : struct, IVectorWidth<TV, double>
        where TV : struct
    {
        ref var rp = ref o.P;
        ref var ra = ref o.A;
        ref var rq = ref o.Q;
        ref var rb = ref o.B;
        int terms = o.Terms, stride = o.Stride, termStep = o.TermStep;
        var width = (nuint)TL.Count;
        var init = TL.Create(o.Start.IsEmpty ? 0.0 : o.Start[r]);
        var c0 = r * o.RowStep;
        TV x0 = init, x1 = init, x2 = init, x3 = init;
        var second = o.Second;
        for (var m = 0; m < terms; m++)
        {
            var at = (nuint)((m * stride) + s);
            var pm = TL.Create(Unsafe.Add(ref rp, c0 + (m * termStep)));
            x0 = TL.Fma(pm, TL.Load(ref ra, at), x0);
            x1 = TL.Fma(pm, TL.Load(ref ra, at + width), x1);
            x2 = TL.Fma(pm, TL.Load(ref ra, at + (2 * width)), x2);
            x3 = TL.Fma(pm, TL.Load(ref ra, at + (3 * width)), x3);
            if (second)
            {
                var qm = TL.Create(Unsafe.Add(ref rq, c0 + (m * termStep)));
                x0 = TL.Fma(qm, TL.Load(ref rb, at), x0);
                x1 = TL.Fma(qm, TL.Load(ref rb, at + width), x1);
                x2 = TL.Fma(qm, TL.Load(ref rb, at + (2 * width)), x2);
                x3 = TL.Fma(qm, TL.Load(ref rb, at + (3 * width)), x3);
            }
        }

        var o0 = (nuint)((r * o.Stride) + s);
        Emit<TL, TV>(ref o, o0, x0);
        Emit<TL, TV>(ref o, o0 + width, x1);
        Emit<TL, TV>(ref o, o0 + (2 * width), x2);
        Emit<TL, TV>(ref o, o0 + (3 * width), x3);
    }

    /// <summary>Row r, one vector at lane s: the lanes a block of four vectors leaves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneVector<TL, TV>(ref Operands o, int r, int s)
        where TL : struct, IVectorWidth<TV, double>
        where TV : struct
    {
        ref var rp = ref o.P;
        ref var ra = ref o.A;
        ref var rq = ref o.Q;
        ref var rb = ref o.B;
        int terms = o.Terms, stride = o.Stride, termStep = o.TermStep;
        var x = TL.Create(o.Start.IsEmpty ? 0.0 : o.Start[r]);
        var c0 = r * o.RowStep;
        var second = o.Second;
        for (var m = 0; m < terms; m++)
        {
            var at = (nuint)((m * stride) + s);
            x = TL.Fma(TL.Create(Unsafe.Add(ref rp, c0 + (m * termStep))), TL.Load(ref ra, at), x);
            if (second)
            {
                x = TL.Fma(TL.Create(Unsafe.Add(ref rq, c0 + (m * termStep))), TL.Load(ref rb, at), x);
            }
        }

        Emit<TL, TV>(ref o, (nuint)((r * o.Stride) + s), x);
    }

    /// <summary>Stores one vector of sums at <paramref name="at"/> through the epilogue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Emit<TL, TV>(ref Operands o, nuint at, TV x)
        where TL : struct, IVectorWidth<TV, double>
        where TV : struct
    {
        switch (o.Epilogue)
        {
            case Epilogue.Scaled:
                TL.Store(x, ref o.Out, at);
                TL.Store(TL.Multiply(TL.Load(ref o.F, at), x), ref o.Scaled, at);
                break;
            case Epilogue.MultiplyAdd:
                TL.Store(TL.Fma(TL.Load(ref o.C, at), TL.Load(ref o.R, at), TL.Multiply(x, TL.Load(ref o.F, at))), ref o.Out, at);
                break;
            default:
                TL.Store(x, ref o.Out, at);
                break;
        }
    }

    /// <summary>The operands of one <see cref="Combine"/> call, read in place.</summary>
    private ref struct Operands
    {
        public ref double P;
        public ref double A;
        public ref double Q;
        public ref double B;
        public ref double Out;
        public ref double F;
        public ref double C;
        public ref double R;
        public ref double Scaled;
        public ReadOnlySpan<double> Start;
        public int Terms;
        public int RowStep;
        public int TermStep;
        public int Stride;
        public bool Second;
        public Epilogue Epilogue;

        public Operands(ReadOnlySpan<double> p, ReadOnlySpan<double> a, ReadOnlySpan<double> q, ReadOnlySpan<double> b, ReadOnlySpan<double> start, Span<double> output, int terms, int rowStep, int termStep, int stride, Epilogue epilogue)
        {
            P = ref MemoryMarshal.GetReference(p);
            A = ref MemoryMarshal.GetReference(a);
            Q = ref MemoryMarshal.GetReference(q);
            B = ref MemoryMarshal.GetReference(b);
            Out = ref MemoryMarshal.GetReference(output);
            F = ref Out;
            C = ref Out;
            R = ref Out;
            Scaled = ref Out;
            Start = start;
            Terms = terms;
            RowStep = rowStep;
            TermStep = termStep;
            Stride = stride;
            Second = !q.IsEmpty;
            Epilogue = epilogue;
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
