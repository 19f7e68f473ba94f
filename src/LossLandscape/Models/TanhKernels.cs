using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LossLandscape.Models;

/// <summary>
/// SIMD kernels for the 1 → N → 1 tanh network over many samples: the summed squared error at one parameter point,
/// and the sufficient statistics of a row whose second direction moves only output weights.
/// </summary>
/// <remarks>
/// In double, tanh is computed as −expm1(z) / (2 + expm1(z)) with z = −2|w| and the sign of w restored, where expm1
/// uses Cody–Waite range reduction (z = k·ln 2 + r, |r| ≤ ln 2 / 2) and the Taylor series of eʳ − 1 to degree 13:
/// a few units in the last place, with full relative accuracy near 0. In float, a rational function of half the cost
/// (see <see cref="Tanh(Vector256{float})"/>).
/// Inputs must be finite. The order of every sum is fixed by the length of the data alone, so a result does not
/// depend on the thread that computes it; exact bits can differ between machines with and without AVX2.
/// </remarks>
internal static class TanhKernels
{
    /// <summary>Samples summed in float lanes before the block is widened into double accumulators.</summary>
    private const int SingleBlock = 1024;

    private const double Ln2Hi = 0.693359375;
    private const double Ln2Lo = -2.1219444005469058277e-4;
    private const double Log2E = 1.4426950408889634074;

    /// <summary>Adding then subtracting 1.5·2⁵² rounds a double to an integer and leaves it in the low mantissa bits.</summary>
    private const double DoubleRounder = 6755399441055744.0;

    /// <summary>Below this z = −2|w|, tanh(w) rounds to ±1 in double.</summary>
    private const double DoubleFloor = -40.0;

    /// <summary>Beyond ±9, tanh(w) rounds to ±1 in float.</summary>
    private const float SingleSaturation = 9f;

    /// <summary>True when the vector kernels run in hardware (AVX2 with FMA); otherwise scalar code with Math.Tanh is used.</summary>
    public static bool IsVectorized => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>tanh on four doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> w)
    {
        var z = Vector256.Max(Vector256.Abs(w) * Vector256.Create(-2.0), Vector256.Create(DoubleFloor));
        var shifted = Vector256.FusedMultiplyAdd(z, Vector256.Create(Log2E), Vector256.Create(DoubleRounder));
        var k = shifted - Vector256.Create(DoubleRounder);
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Hi), z);
        r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Lo), r);

        // eʳ − 1 = r + r²·(1/2! + r/3! + … + r¹¹/13!)
        var q = Vector256.Create(1.0 / 6227020800.0);
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 479001600.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 39916800.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 3628800.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 362880.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 40320.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 5040.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 720.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 120.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 24.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1.0 / 6.0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(0.5));
        var p = Vector256.FusedMultiplyAdd(q, r * r, r);

        // s = 2ᵏ from the rounded integer in the low bits; expm1(z) = s·expm1(r) + (s − 1).
        var s = Vector256.ShiftLeft(shifted.AsInt64() + Vector256.Create(1023L), 52).AsDouble();
        var em1 = Vector256.FusedMultiplyAdd(s, p, s - Vector256<double>.One);
        var t = -em1 / (em1 + Vector256.Create(2.0));
        return Vector256.CopySign(t, w);
    }

    /// <summary>
    /// tanh on eight floats: x·P(x²)/Q(x²) with P and Q of degree 4, fitted to tanh(x)/x on [0, 9] by iterated
    /// weighted least squares on the relative error (largest relative error 3.3e-7, about 5 float ulps); |x| ≥ 9 gives ±1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> w)
    {
        var x = Vector256.Min(Vector256.Max(w, Vector256.Create(-SingleSaturation)), Vector256.Create(SingleSaturation));
        var s = x * x;
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(1.367398591578528e-08f), s, Vector256.Create(2.0840248096611665e-05f));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(0.003509669678562751f));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(0.13392894785520076f));
        p = Vector256.FusedMultiplyAdd(p, s, Vector256.Create(0.9999999864015998f));
        var q = Vector256.FusedMultiplyAdd(Vector256.Create(7.907459362820057e-07f), s, Vector256.Create(0.00033086391948960634f));
        q = Vector256.FusedMultiplyAdd(q, s, Vector256.Create(0.02593059181851995f));
        q = Vector256.FusedMultiplyAdd(q, s, Vector256.Create(0.46726214288892887f));
        q = Vector256.FusedMultiplyAdd(q, s, Vector256<float>.One);
        return x * p / q;
    }

    /// <summary>
    /// Every 1,024 samples, stops the sum when <paramref name="cancellationToken"/> is cancelled: one point of a large
    /// model on many samples takes seconds, and a request's time limit or its client leaving must end it within
    /// milliseconds. The check reads one flag; the arithmetic is unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StopIfCancelled(int sample, CancellationToken cancellationToken)
    {
        if ((sample & 1023) == 0 && cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Σₖ (Σₕ vₕ·tanh(uₕ·xₖ) − yₖ)² in double.
    /// </summary>
    public static double SumSquaredErrors(ReadOnlySpan<double> u, ReadOnlySpan<double> v, ReadOnlySpan<double> x, ReadOnlySpan<double> y, CancellationToken cancellationToken = default)
    {
        Debug.Assert(u.Length == v.Length && x.Length == y.Length, "shapes");
        var hidden = u.Length;
        var n = x.Length;
        var k = 0;
        var sum = 0.0;
        if (IsVectorized)
        {
            ref var ru = ref MemoryMarshal.GetReference(u);
            ref var rv = ref MemoryMarshal.GetReference(v);
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var ry = ref MemoryMarshal.GetReference(y);
            var acc = Vector256<double>.Zero;
            for (; k <= n - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                StopIfCancelled(k, cancellationToken);
                var xv = Vector256.LoadUnsafe(ref rx, (nuint)k);
                var prediction = Vector256<double>.Zero;
                for (var h = 0; h < hidden; h++)
                {
                    var t = Tanh(Vector256.Create(Unsafe.Add(ref ru, h)) * xv);
                    prediction = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rv, h)), t, prediction);
                }

                var r = prediction - Vector256.LoadUnsafe(ref ry, (nuint)k);
                acc = Vector256.FusedMultiplyAdd(r, r, acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; k < n; k++)
        {
            var prediction = 0.0;
            for (var h = 0; h < hidden; h++)
            {
                prediction += v[h] * Math.Tanh(u[h] * x[k]);
            }

            var r = prediction - y[k];
            sum += r * r;
        }

        return sum;
    }

    /// <summary>
    /// Σₖ (Σₕ vₕ·tanh(uₕ·xₖ) − yₖ)² computed in float lanes, each block of <see cref="SingleBlock"/> samples
    /// widened into double accumulators so the error does not grow with the number of samples.
    /// </summary>
    public static double SumSquaredErrors(ReadOnlySpan<float> u, ReadOnlySpan<float> v, ReadOnlySpan<float> x, ReadOnlySpan<float> y, CancellationToken cancellationToken = default)
    {
        Debug.Assert(u.Length == v.Length && x.Length == y.Length, "shapes");
        var hidden = u.Length;
        var n = x.Length;
        var k = 0;
        var sum = 0.0;
        if (IsVectorized)
        {
            ref var ru = ref MemoryMarshal.GetReference(u);
            ref var rv = ref MemoryMarshal.GetReference(v);
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var ry = ref MemoryMarshal.GetReference(y);
            var total = Vector256<double>.Zero;
            var lastVector = n - Vector256<float>.Count;
            while (k <= lastVector)
            {
                var blockEnd = Math.Min(lastVector, k + SingleBlock - Vector256<float>.Count);
                var acc = Vector256<float>.Zero;
                for (; k <= blockEnd; k += Vector256<float>.Count)
                {
                    StopIfCancelled(k, cancellationToken);
                    var xv = Vector256.LoadUnsafe(ref rx, (nuint)k);
                    var prediction = Vector256<float>.Zero;
                    for (var h = 0; h < hidden; h++)
                    {
                        var t = Tanh(Vector256.Create(Unsafe.Add(ref ru, h)) * xv);
                        prediction = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rv, h)), t, prediction);
                    }

                    var r = prediction - Vector256.LoadUnsafe(ref ry, (nuint)k);
                    acc = Vector256.FusedMultiplyAdd(r, r, acc);
                }

                var (lower, upper) = Vector256.Widen(acc);
                total += lower + upper;
            }

            sum = Vector256.Sum(total);
        }

        for (; k < n; k++)
        {
            var prediction = 0f;
            for (var h = 0; h < hidden; h++)
            {
                prediction += v[h] * MathF.Tanh(u[h] * x[k]);
            }

            var r = prediction - y[k];
            sum += r * r;
        }

        return sum;
    }

    /// <summary>The most hidden units <see cref="SumsForGradient"/> keeps on the stack.</summary>
    public const int MaxGradientHidden = 64;

    /// <summary>
    /// One forward and backward pass over a batch: returns Σ r² with r = Σₕ vₕ·tanh(uₕ·x) − y, and writes the unscaled
    /// gradient sums Σ r·vₕ·(1 − tₕ²)·x into <paramref name="gradientU"/> and Σ r·tₕ into <paramref name="gradientV"/>.
    /// tanh is computed once per unit and sample; the per-unit vectors live on the stack, so nothing is allocated.
    /// Needs <see cref="IsVectorized"/> and at most <see cref="MaxGradientHidden"/> units.
    /// </summary>
    public static double SumsForGradient(
        ReadOnlySpan<double> u,
        ReadOnlySpan<double> v,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> y,
        Span<double> gradientU,
        Span<double> gradientV)
    {
        Debug.Assert(IsVectorized && u.Length <= MaxGradientHidden, "vector path only");
        Debug.Assert(u.Length == v.Length && x.Length == y.Length && gradientU.Length == u.Length && gradientV.Length == u.Length, "shapes");
        var hidden = u.Length;
        var n = x.Length;
        Span<Vector256<double>> t = stackalloc Vector256<double>[hidden];
        Span<Vector256<double>> au = stackalloc Vector256<double>[hidden];
        Span<Vector256<double>> av = stackalloc Vector256<double>[hidden];
        au.Clear();
        av.Clear();
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        var acc = Vector256<double>.Zero;
        var k = 0;
        for (; k <= n - Vector256<double>.Count; k += Vector256<double>.Count)
        {
            var xv = Vector256.LoadUnsafe(ref rx, (nuint)k);
            var prediction = Vector256<double>.Zero;
            for (var h = 0; h < hidden; h++)
            {
                t[h] = Tanh(Vector256.Create(u[h]) * xv);
                prediction = Vector256.FusedMultiplyAdd(Vector256.Create(v[h]), t[h], prediction);
            }

            var r = prediction - Vector256.LoadUnsafe(ref ry, (nuint)k);
            acc = Vector256.FusedMultiplyAdd(r, r, acc);
            for (var h = 0; h < hidden; h++)
            {
                av[h] = Vector256.FusedMultiplyAdd(r, t[h], av[h]);
                var slope = Vector256.FusedMultiplyAdd(-t[h], t[h], Vector256<double>.One);
                au[h] = Vector256.FusedMultiplyAdd(r * Vector256.Create(v[h]) * slope, xv, au[h]);
            }
        }

        var sum = Vector256.Sum(acc);
        for (var h = 0; h < hidden; h++)
        {
            gradientU[h] = Vector256.Sum(au[h]);
            gradientV[h] = Vector256.Sum(av[h]);
        }

        for (; k < n; k++)
        {
            var prediction = 0.0;
            for (var h = 0; h < hidden; h++)
            {
                prediction += v[h] * Math.Tanh(u[h] * x[k]);
            }

            var r = prediction - y[k];
            sum += r * r;
            for (var h = 0; h < hidden; h++)
            {
                var th = Math.Tanh(u[h] * x[k]);
                gradientV[h] += r * th;
                gradientU[h] += r * v[h] * (1 - (th * th)) * x[k];
            }
        }

        return sum;
    }

    /// <summary>
    /// With hidden weights <paramref name="u"/> fixed and output weights p + b·q, the output is P(x) + b·Q(x) with
    /// P = Σₕ pₕ·tanh(uₕ·x) and Q = Σₕ qₕ·tanh(uₕ·x). Returns Σ (P − y)², Σ (P − y)·Q and Σ Q², from which the squared
    /// error at every b is Σ(P−y)² + 2b·Σ(P−y)Q + b²·ΣQ². Hidden units with pₕ = qₕ = 0 are skipped by the caller.
    /// </summary>
    public static (double Spp, double Spq, double Sqq) QuadraticSums(
        ReadOnlySpan<double> u,
        ReadOnlySpan<double> p,
        ReadOnlySpan<double> q,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> y,
        CancellationToken cancellationToken = default)
    {
        Debug.Assert(u.Length == p.Length && u.Length == q.Length && x.Length == y.Length, "shapes");
        var hidden = u.Length;
        var n = x.Length;
        var k = 0;
        double spp = 0, spq = 0, sqq = 0;
        if (IsVectorized)
        {
            ref var ru = ref MemoryMarshal.GetReference(u);
            ref var rp = ref MemoryMarshal.GetReference(p);
            ref var rq = ref MemoryMarshal.GetReference(q);
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var ry = ref MemoryMarshal.GetReference(y);
            Vector256<double> app = default, apq = default, aqq = default;
            for (; k <= n - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                StopIfCancelled(k, cancellationToken);
                var xv = Vector256.LoadUnsafe(ref rx, (nuint)k);
                Vector256<double> pv = default, qv = default;
                for (var h = 0; h < hidden; h++)
                {
                    var t = Tanh(Vector256.Create(Unsafe.Add(ref ru, h)) * xv);
                    pv = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rp, h)), t, pv);
                    qv = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref rq, h)), t, qv);
                }

                var r = pv - Vector256.LoadUnsafe(ref ry, (nuint)k);
                app = Vector256.FusedMultiplyAdd(r, r, app);
                apq = Vector256.FusedMultiplyAdd(r, qv, apq);
                aqq = Vector256.FusedMultiplyAdd(qv, qv, aqq);
            }

            spp = Vector256.Sum(app);
            spq = Vector256.Sum(apq);
            sqq = Vector256.Sum(aqq);
        }

        for (; k < n; k++)
        {
            double pk = 0, qk = 0;
            for (var h = 0; h < hidden; h++)
            {
                var t = Math.Tanh(u[h] * x[k]);
                pk += p[h] * t;
                qk += q[h] * t;
            }

            var r = pk - y[k];
            spp += r * r;
            spq += r * qk;
            sqq += qk * qk;
        }

        return (spp, spq, sqq);
    }
}
