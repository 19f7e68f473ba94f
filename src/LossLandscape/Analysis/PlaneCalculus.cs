using System.Runtime.Intrinsics;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Analysis;

/// <summary>
/// The exact loss of an <see cref="ISeedNetwork"/> on a <see cref="SurfacePlane"/>, with its analytic gradient and Hessian
/// in the plane's coordinates. With θ(a, b) = θ₀ + a·d₁ + b·d₂ every hidden weight uₕ and output weight vₕ is affine in
/// (a, b), so the prediction ŷ = Σₕ vₕ·tanh(uₕ·x) has closed-form first and second derivatives, and for
/// L = mean((ŷ − y)²): ∂L = 2·mean(r·∂ŷ), ∂²L = 2·mean(∂ŷ·∂ŷᵀ + r·∂²ŷ) with r = ŷ − y.
/// For the article's network on its plane (one unit, a = w1, b = w2) this is L = mean((w2·tanh(w1·x) − y)²).
/// </summary>
public sealed class PlaneCalculus : IPlaneCalculus
{
    private readonly double[] _u0;
    private readonly double[] _v0;
    private readonly double[] _u1;
    private readonly double[] _v1;
    private readonly double[] _u2;
    private readonly double[] _v2;
    private readonly double[] _x;
    private readonly double[] _y;

    /// <summary>Prepares the loss of <paramref name="network"/> over <paramref name="data"/> on <paramref name="plane"/>.</summary>
    public PlaneCalculus(ISeedNetwork network, SurfacePlane plane, RegressionSet data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(data);
        if (plane.Origin.Length != network.ParameterCount)
        {
            throw new ArgumentException($"the plane has {plane.Origin.Length} coordinates; the network has {network.ParameterCount} parameters", nameof(plane));
        }

        if (data.Count == 0)
        {
            throw new ArgumentException("the data set is empty", nameof(data));
        }

        Network = network;
        Plane = plane;
        var hidden = network.Layout["0.weight"].Range;
        var output = network.Layout["2.weight"].Range;
        _u0 = plane.Origin[hidden];
        _v0 = plane.Origin[output];
        _u1 = plane.Direction1[hidden];
        _v1 = plane.Direction1[output];
        _u2 = plane.Direction2[hidden];
        _v2 = plane.Direction2[output];
        _x = data.X;
        _y = data.Y;
        MetricAA = Dot(plane.Direction1, plane.Direction1);
        MetricAB = Dot(plane.Direction1, plane.Direction2);
        MetricBB = Dot(plane.Direction2, plane.Direction2);
    }

    /// <summary>The network.</summary>
    public ISeedNetwork Network { get; }

    /// <summary>The plane.</summary>
    public SurfacePlane Plane { get; }

    /// <summary>d₁·d₁: squared length of the first direction in parameter space.</summary>
    public double MetricAA { get; }

    /// <summary>d₁·d₂.</summary>
    public double MetricAB { get; }

    /// <summary>d₂·d₂.</summary>
    public double MetricBB { get; }

    /// <summary>
    /// True when the loss is quadratic in b: d₁ moves only hidden weights and d₂ only output weights, so the
    /// prediction is p(a, x) + b·q(a, x) and the best b for each a has a closed form (<see cref="Valley"/>).
    /// </summary>
    public bool SeparatesLayers =>
        Network.Layout.MovesOnly(Plane.Direction1, layer: 0)
        && Network.Layout.MovesOnly(Plane.Direction2, layer: 1);

    /// <summary>The exact mean squared error at (a, b). Allocates nothing.</summary>
    public double Loss(double a, double b)
    {
        var hidden = _u0.Length;
        Span<double> u = hidden <= MaxStackHidden ? stackalloc double[hidden] : new double[hidden];
        Span<double> v = hidden <= MaxStackHidden ? stackalloc double[hidden] : new double[hidden];
        for (var h = 0; h < hidden; h++)
        {
            u[h] = _u0[h] + (a * _u1[h]) + (b * _u2[h]);
            v[h] = _v0[h] + (a * _v1[h]) + (b * _v2[h]);
        }

        return TanhKernels.SumSquaredErrors(u, v, _x, _y) / _x.Length;
    }

    public PlaneDerivatives Evaluate(double a, double b)
    {
        double loss = 0, ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
        var k = 0;
        if (TanhKernels.IsVectorized)
        {
            k = EvaluateVector(a, b, out loss, out ga, out gb, out haa, out hab, out hbb);
        }

        for (; k < _x.Length; k++)
        {
            var x = _x[k];
            double f = 0, fa = 0, fb = 0, faa = 0, fab = 0, fbb = 0;
            for (var h = 0; h < _u0.Length; h++)
            {
                double u1 = _u1[h], u2 = _u2[h], v1 = _v1[h], v2 = _v2[h];
                var v = _v0[h] + (a * v1) + (b * v2);
                var t = Math.Tanh((_u0[h] + (a * u1) + (b * u2)) * x);
                var t1 = (1 - (t * t)) * x;          // d tanh(u x) / du
                var t2 = -2 * t * t1 * x;            // d² tanh(u x) / du²
                f += v * t;
                fa += (v1 * t) + (v * t1 * u1);
                fb += (v2 * t) + (v * t1 * u2);
                faa += (2 * v1 * t1 * u1) + (v * t2 * u1 * u1);
                fbb += (2 * v2 * t1 * u2) + (v * t2 * u2 * u2);
                fab += (v1 * t1 * u2) + (v2 * t1 * u1) + (v * t2 * u1 * u2);
            }

            var r = f - _y[k];
            loss += r * r;
            ga += r * fa;
            gb += r * fb;
            haa += (fa * fa) + (r * faa);
            hab += (fa * fb) + (r * fab);
            hbb += (fb * fb) + (r * fbb);
        }

        var n = _x.Length;
        var s = 2.0 / n;
        return new PlaneDerivatives(loss / n, s * ga, s * gb, s * haa, s * hab, s * hbb);
    }

    /// <summary>
    /// The curvature of the loss in parameter space along the plane: eigenvalues of G⁻¹H with G the Gram matrix of
    /// d₁, d₂. Plain gradient descent with learning rate η that stays on the plane is stable near a point when the
    /// larger one is below 2/η. Equals the Hessian's eigenvalues when d₁, d₂ are orthonormal (the article's plane).
    /// </summary>
    public (double Low, double High) CurvatureEigenvalues(in PlaneDerivatives derivatives) =>
        new PlaneMetric(MetricAA, MetricAB, MetricBB).CurvatureEigenvalues(derivatives);

    /// <summary>
    /// For a plane that <see cref="SeparatesLayers"/>: the b that minimises the loss at <paramref name="a"/>,
    /// b* = mean(q·(y − p)) / mean(q²), and the loss there; NaN when q vanishes on every point (e.g. a = 0 on the
    /// article's plane, where the output is 0 whatever b is).
    /// </summary>
    public (double B, double Loss) BestB(double a)
    {
        if (!SeparatesLayers)
        {
            throw new InvalidOperationException("the loss is quadratic in b only when d1 moves hidden weights and d2 output weights");
        }

        // With b moving only output weights the output is p(x) + b·q(x); the kernel returns Σ(p−y)², Σ(p−y)q and Σq².
        var hidden = _u0.Length;
        Span<double> u = hidden <= MaxStackHidden ? stackalloc double[hidden] : new double[hidden];
        Span<double> v = hidden <= MaxStackHidden ? stackalloc double[hidden] : new double[hidden];
        for (var h = 0; h < hidden; h++)
        {
            u[h] = _u0[h] + (a * _u1[h]);
            v[h] = _v0[h] + (a * _v1[h]);
        }

        var (rr, negativeQr, qq) = TanhKernels.QuadraticSums(u, v, _v2, _x, _y);
        var qr = -negativeQr;

        var n = _x.Length;
        if (qq == 0)
        {
            return (double.NaN, rr / n);
        }

        var best = qr / qq;
        return (best, Math.Max(0, (rr - (qr * best)) / n));
    }

    private static double Dot(double[] p, double[] q)
    {
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += p[i] * q[i];
        }

        return sum;
    }

    /// <summary>Hidden units up to which the per-call weight vectors live on the stack.</summary>
    private const int MaxStackHidden = 256;

    /// <summary>
    /// The sums of <see cref="Evaluate"/> over the samples that fill whole 4-lane vectors; returns how many samples it
    /// covered (the caller adds the rest with the scalar loop). Same formulas, SIMD over samples.
    /// </summary>
    private int EvaluateVector(double a, double b, out double loss, out double ga, out double gb, out double haa, out double hab, out double hbb)
    {
        Vector256<double> sLoss = default, sGa = default, sGb = default, sHaa = default, sHab = default, sHbb = default;
        var n = _x.Length - (_x.Length % Vector256<double>.Count);
        for (var k = 0; k < n; k += Vector256<double>.Count)
        {
            var x = Vector256.Create(_x.AsSpan(k, Vector256<double>.Count));
            Vector256<double> f = default, fa = default, fb = default, faa = default, fab = default, fbb = default;
            for (var h = 0; h < _u0.Length; h++)
            {
                double u1 = _u1[h], u2 = _u2[h], v1 = _v1[h], v2 = _v2[h];
                var v = _v0[h] + (a * v1) + (b * v2);
                var t = TanhKernels.Tanh(Vector256.Create(_u0[h] + (a * u1) + (b * u2)) * x);
                var t1 = (Vector256<double>.One - (t * t)) * x;
                var t2 = Vector256.Create(-2.0) * t * t1 * x;
                f += v * t;
                fa += (v1 * t) + ((v * u1) * t1);
                fb += (v2 * t) + ((v * u2) * t1);
                faa += ((2 * v1 * u1) * t1) + ((v * u1 * u1) * t2);
                fbb += ((2 * v2 * u2) * t1) + ((v * u2 * u2) * t2);
                fab += (((v1 * u2) + (v2 * u1)) * t1) + ((v * u1 * u2) * t2);
            }

            var r = f - Vector256.Create(_y.AsSpan(k, Vector256<double>.Count));
            sLoss += r * r;
            sGa += r * fa;
            sGb += r * fb;
            sHaa += (fa * fa) + (r * faa);
            sHab += (fa * fb) + (r * fab);
            sHbb += (fb * fb) + (r * fbb);
        }

        loss = Vector256.Sum(sLoss);
        ga = Vector256.Sum(sGa);
        gb = Vector256.Sum(sGb);
        haa = Vector256.Sum(sHaa);
        hab = Vector256.Sum(sHab);
        hbb = Vector256.Sum(sHbb);
        return n;
    }
}
