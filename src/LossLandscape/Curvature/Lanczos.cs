using LossLandscape.Models;
using MathNet.Numerics.LinearAlgebra;

namespace LossLandscape.Curvature;

/// <summary>
/// The Lanczos iteration with full reorthogonalisation (classical Gram–Schmidt, twice) on a symmetric operator: the
/// largest eigenvalues with their vectors, and the tridiagonal matrix that stochastic Lanczos quadrature needs.
/// </summary>
public static class Lanczos
{
    /// <summary>Breakdown threshold for βⱼ relative to the largest |Ritz value| seen.</summary>
    private const double Breakdown = 1e-13;

    /// <summary>
    /// The <paramref name="count"/> largest (algebraic) eigenvalues of <paramref name="operator"/>, largest first, with
    /// unit eigenvectors. Stops when every one has a residual ‖Hy − θy‖ ≤ <paramref name="tolerance"/>·max|θ|, a
    /// bound that guarantees an eigenvalue within that distance of each reported value; or after
    /// <paramref name="maxIterations"/> products (then <see cref="EigenResult.Converged"/> is false). The start is
    /// <paramref name="start"/> (e.g. a neighbour's eigenvector, slightly mixed with a random vector) or a random
    /// vector from <paramref name="seed"/>.
    /// </summary>
    public static EigenResult Top(IHessianVectorProduct @operator, int count, double tolerance, int maxIterations, int seed, ReadOnlySpan<double> start = default)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        var n = @operator.Dimension;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, n);
        var steps = Math.Min(n, Math.Max(maxIterations, count));
        var random = new Random(seed);
        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var q = new double[n];
        FillStart(q, start, random);
        var w = new double[n];
        var scale = 0.0;
        Ritz? ritz = null;
        for (var j = 0; j < steps; j++)
        {
            basis.Add(q);
            @operator.Multiply(q, w);
            if (!AllFinite(w))
            {
                throw new ArithmeticException("the Hessian-vector product is not finite (NaN or overflow) at this point");
            }

            var a = DenseKernels.Dot(q, w);
            alpha.Add(a);
            Orthogonalize(w, basis);
            var b = Norm(w);
            scale = Math.Max(scale, Math.Abs(a) + b);
            var exhausted = j + 1 == steps;
            var broke = b <= Breakdown * scale;
            if (j + 1 >= count || exhausted)
            {
                ritz = Solve(alpha, beta, count);
                var converged = true;
                var top = ritz.Values.Max(Math.Abs);
                for (var i = 0; i < ritz.Values.Length; i++)
                {
                    // With a breakdown the Krylov space is invariant and the Ritz pairs are exact.
                    var residual = broke ? 0.0 : b * Math.Abs(ritz.LastComponents[i]);
                    ritz.Residuals[i] = residual;
                    converged &= residual <= tolerance * Math.Max(top, double.Epsilon);
                }

                if ((converged && (!broke || j + 1 >= count)) || exhausted)
                {
                    return Finish(ritz, basis, converged, n);
                }
            }

            q = new double[n];
            if (broke)
            {
                // An invariant subspace: continue from a fresh random direction (T gets a zero off-diagonal).
                FillStart(q, default, random);
                Orthogonalize(q, basis);
                var norm = Norm(q);
                for (var i = 0; i < n; i++)
                {
                    q[i] /= norm;
                }

                beta.Add(0.0);
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    q[i] = w[i] / b;
                }

                beta.Add(b);
            }
        }

        return Finish(ritz!, basis, false, n);
    }

    /// <summary>
    /// <paramref name="steps"/> Lanczos steps from the unit vector <paramref name="start"/>: the Ritz values and the
    /// squared first components of their vectors (the Gauss quadrature nodes and weights of the spectral measure of
    /// <paramref name="start"/>). Fewer steps are taken when the Krylov space is exhausted.
    /// </summary>
    public static (double[] Nodes, double[] Weights) Quadrature(IHessianVectorProduct @operator, ReadOnlySpan<double> start, int steps)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        var n = @operator.Dimension;
        steps = Math.Min(steps, n);
        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var q = start.ToArray();
        var w = new double[n];
        var scale = 0.0;
        for (var j = 0; j < steps; j++)
        {
            basis.Add(q);
            @operator.Multiply(q, w);
            if (!AllFinite(w))
            {
                throw new ArithmeticException("the Hessian-vector product is not finite (NaN or overflow) at this point");
            }

            var a = DenseKernels.Dot(q, w);
            alpha.Add(a);
            Orthogonalize(w, basis);
            var b = Norm(w);
            scale = Math.Max(scale, Math.Abs(a) + b);
            if (j + 1 == steps || b <= Breakdown * scale)
            {
                break;
            }

            beta.Add(b);
            q = new double[n];
            for (var i = 0; i < n; i++)
            {
                q[i] = w[i] / b;
            }
        }

        var m = alpha.Count;
        var t = Tridiagonal(alpha, beta);
        var evd = t.Evd(Symmetricity.Symmetric);
        var nodes = new double[m];
        var weights = new double[m];
        for (var i = 0; i < m; i++)
        {
            nodes[i] = evd.EigenValues[i].Real;
            var first = evd.EigenVectors[0, i];
            weights[i] = first * first;
        }

        return (nodes, weights);
    }

    private static Matrix<double> Tridiagonal(List<double> alpha, List<double> beta)
    {
        var m = alpha.Count;
        var t = Matrix<double>.Build.Dense(m, m);
        for (var i = 0; i < m; i++)
        {
            t[i, i] = alpha[i];
            if (i + 1 < m)
            {
                t[i, i + 1] = beta[i];
                t[i + 1, i] = beta[i];
            }
        }

        return t;
    }

    private static Ritz Solve(List<double> alpha, List<double> beta, int count)
    {
        var m = alpha.Count;
        var evd = Tridiagonal(alpha, beta).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, m).OrderByDescending(i => evd.EigenValues[i].Real).Take(Math.Min(count, m)).ToArray();
        var ritz = new Ritz(new double[order.Length], new double[order.Length][], new double[order.Length], new double[order.Length]);
        for (var r = 0; r < order.Length; r++)
        {
            ritz.Values[r] = evd.EigenValues[order[r]].Real;
            ritz.Coefficients[r] = evd.EigenVectors.Column(order[r]).ToArray();
            ritz.LastComponents[r] = evd.EigenVectors[m - 1, order[r]];
        }

        return ritz;
    }

    private static EigenResult Finish(Ritz ritz, List<double[]> basis, bool converged, int n)
    {
        var vectors = new double[ritz.Values.Length][];
        for (var r = 0; r < vectors.Length; r++)
        {
            var y = new double[n];
            var s = ritz.Coefficients[r];
            for (var j = 0; j < s.Length; j++)
            {
                DenseKernels.Axpy(s[j], basis[j], y);
            }

            var norm = Norm(y);
            for (var i = 0; i < n; i++)
            {
                y[i] /= norm;
            }

            vectors[r] = y;
        }

        return new EigenResult(ritz.Values, vectors, ritz.Residuals, basis.Count, converged);
    }

    private static void FillStart(double[] q, ReadOnlySpan<double> start, Random random)
    {
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = random.NextDouble() - 0.5;
        }

        var randomNorm = Norm(q);
        var startNorm = start.IsEmpty ? 0.0 : Norm(start);
        for (var i = 0; i < q.Length; i++)
        {
            // A warm start keeps 1 % of a random vector, so the Krylov space is never confined to the start's span.
            q[i] = startNorm > 0 ? (start[i] / startNorm) + (0.01 * q[i] / randomNorm) : q[i];
        }

        var norm = Norm(q);
        for (var i = 0; i < q.Length; i++)
        {
            q[i] /= norm;
        }
    }

    private static void Orthogonalize(Span<double> w, List<double[]> basis)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var q in basis)
            {
                DenseKernels.Axpy(-DenseKernels.Dot(q, w), q, w);
            }
        }
    }

    private static double Norm(ReadOnlySpan<double> v) => Math.Sqrt(DenseKernels.Dot(v, v));

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (var value in v)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Ritz(double[] Values, double[][] Coefficients, double[] LastComponents, double[] Residuals);
}

/// <summary>The largest eigenvalues of an operator, largest first, with their unit eigenvectors.</summary>
/// <param name="Values">Eigenvalues, largest first.</param>
/// <param name="Vectors">Unit eigenvectors, one per value.</param>
/// <param name="Residuals">‖Hy − θy‖ per pair: an eigenvalue lies within this distance of each value.</param>
/// <param name="Iterations">Lanczos steps (Hessian-vector products) taken.</param>
/// <param name="Converged">True when every residual met the tolerance.</param>
public sealed record EigenResult(double[] Values, double[][] Vectors, double[] Residuals, int Iterations, bool Converged);
