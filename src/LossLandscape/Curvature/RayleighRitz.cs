using LossLandscape.Models;
using MathNet.Numerics.LinearAlgebra;

namespace LossLandscape.Curvature;

/// <summary>
/// The largest eigenvalue of a symmetric operator from a starting SUBSPACE (e.g. a neighbouring point's top Ritz
/// vectors): Rayleigh–Ritz on an orthonormal basis that starts with the given vectors and grows by the top Ritz
/// vector's residual (with a single start vector the basis spans the same Krylov space as Lanczos). Every product
/// H·q is kept, so the Ritz values and the residuals are computed explicitly, not from a recurrence.
/// </summary>
public static class RayleighRitz
{
    /// <summary>How many Ritz vectors a result keeps for the next start.</summary>
    public const int Kept = 3;

    /// <summary>
    /// The random vector's weight in the first start, relative to the start's length. It only has to keep the basis
    /// from being confined to the starts' span; on the 25 × 25 map of the 1,32,32,1 MLP 1e-3 took 6.17 products a
    /// point, 1e-4 5.99 and 1e-6 5.96 (with the quadratically extrapolated start).
    /// </summary>
    private const double Noise = 1e-4;

    /// <summary>
    /// λmax to within <paramref name="tolerance"/>·|θ₁|, its value only. θ₁, a Rayleigh quotient, is ≤ λ₁; by the
    /// Kato–Temple inequality λ₁ ≤ θ₁ + r₁²/(θ₁ − μ₂) for any μ₂ ≥ λ₂ below θ₁, with μ₂ from the kept pairs below
    /// (θ + r for the lowest, then Kato–Temple again upwards): that holds when the Ritz values approximate the top
    /// eigenvalues in order (no eigenvalue between them missed by the basis, the assumption every Krylov method
    /// makes), and is used only from a starting subspace of two or more vectors (from one vector, the residual r₁
    /// alone); the tests hold it to the dense spectrum. The iteration stops when min(r₁, r₁²/(θ₁ − μ₂)) ≤
    /// <paramref name="tolerance"/>·|θ₁|, or after <paramref name="maxProducts"/> products (then
    /// <see cref="SubspaceEigen.Converged"/> is false). Start vectors that are null, or nearly in the span of the
    /// earlier ones, are skipped; with none, a random vector from <paramref name="seed"/>. The first start gets 0.01 % of
    /// a random vector, so the basis is never confined to the starts' span.
    /// </summary>
    public static SubspaceEigen Largest(IHessianVectorProduct @operator, IReadOnlyList<double[]?> starts, double tolerance, int maxProducts, int seed)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        ArgumentNullException.ThrowIfNull(starts);
        var n = @operator.Dimension;
        maxProducts = Math.Min(n, Math.Max(maxProducts, 1));
        var random = new Random(seed);
        var basis = new List<double[]>();
        var products = new List<double[]>();
        var noise = new double[n];
        for (var i = 0; i < n; i++)
        {
            noise[i] = random.NextDouble() - 0.5;
        }

        Normalize(noise);
        foreach (var start in starts)
        {
            if (start is null || basis.Count >= maxProducts)
            {
                continue;
            }

            var q = (double[])start.Clone();
            if (basis.Count == 0)
            {
                var scale = Noise * Norm(q);
                DenseKernels.Axpy(scale, noise, q);
            }

            Add(@operator, basis, products, q);
        }

        // From a single vector (a cold start) the early Ritz values below θ₁ are far below the eigenvalues they will
        // approximate and θ₂ + r₂ can lie below λ₂; a neighbour's second and third Ritz vectors give θ₂ near λ₂ from the
        // first step. So the Kato–Temple bound is used only from a start of two or more vectors, else the residual.
        var subspace = basis.Count >= 2;
        if (basis.Count == 0)
        {
            Add(@operator, basis, products, (double[])noise.Clone());
        }

        while (true)
        {
            var m = basis.Count;
            var t = Matrix<double>.Build.Dense(m, m, (i, j) => 0.5 * (DenseKernels.Dot(basis[i], products[j]) + DenseKernels.Dot(basis[j], products[i])));
            var evd = t.Evd(Symmetricity.Symmetric);
            var order = Enumerable.Range(0, m).OrderByDescending(i => evd.EigenValues[i].Real).Take(Math.Min(Kept, m)).ToArray();
            var values = order.Select(i => evd.EigenValues[i].Real).ToArray();
            var vectors = new double[order.Length][];
            var residuals = new double[order.Length][];
            for (var r = 0; r < order.Length; r++)
            {
                var y = new double[n];
                var z = new double[n];
                for (var j = 0; j < m; j++)
                {
                    var s = evd.EigenVectors[j, order[r]];
                    DenseKernels.Axpy(s, basis[j], y);
                    DenseKernels.Axpy(s, products[j], z);
                }

                DenseKernels.Axpy(-values[r], y, z);
                vectors[r] = y;
                residuals[r] = z;
            }

            // Upper bounds μᵢ ≥ λᵢ from the bottom kept pair up: μ = θ + r for the bottom one, then Kato–Temple's
            // θ + r²/(θ − μ_below) where that is smaller; λ₁'s error is at most r₁²/(θ₁ − μ₂).
            var r1 = Norm(residuals[0]);
            var bound = r1;
            if (subspace && values.Length > 1)
            {
                var upper = values[^1] + Norm(residuals[^1]);
                for (var r = values.Length - 2; r >= 1; r--)
                {
                    var norm = Norm(residuals[r]);
                    var gapBelow = values[r] - upper;
                    upper = values[r] + (gapBelow > 0 ? Math.Min(norm, norm * norm / gapBelow) : norm);
                }

                var gap = values[0] - upper;
                bound = gap > 0 ? Math.Min(r1, r1 * r1 / gap) : r1;
            }

            var converged = bound <= tolerance * Math.Max(Math.Abs(values[0]), double.Epsilon);
            if (converged || m >= maxProducts || !Add(@operator, basis, products, residuals[0]))
            {
                // No new direction left (the residual lies in the basis): the basis is invariant and θ₁ exact.
                var exact = !converged && m < maxProducts;
                return new SubspaceEigen(values[0], exact ? 0.0 : bound, vectors, m, converged || exact);
            }
        }
    }

    /// <summary>Orthogonalises <paramref name="q"/> against the basis (twice), and adds it with its product unless little is left of it.</summary>
    private static bool Add(IHessianVectorProduct @operator, List<double[]> basis, List<double[]> products, double[] q)
    {
        var before = Norm(q);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var b in basis)
            {
                DenseKernels.Axpy(-DenseKernels.Dot(b, q), b, q);
            }
        }

        var after = Norm(q);
        if (!(after > 1e-10 * before))
        {
            return false;
        }

        Normalize(q);
        var w = new double[q.Length];
        @operator.Multiply(q, w);
        foreach (var value in w)
        {
            if (!double.IsFinite(value))
            {
                throw new ArithmeticException("the Hessian-vector product is not finite (NaN or overflow) at this point");
            }
        }

        basis.Add(q);
        products.Add(w);
        return true;
    }

    private static double Norm(ReadOnlySpan<double> v) => Math.Sqrt(DenseKernels.Dot(v, v));

    private static void Normalize(Span<double> v)
    {
        var norm = Norm(v);
        foreach (ref var value in v)
        {
            value /= norm;
        }
    }
}

/// <summary>λmax from <see cref="RayleighRitz.Largest"/>.</summary>
/// <param name="Value">θ₁, the largest Ritz value (≤ λmax).</param>
/// <param name="Bound">The bound on λmax − θ₁ the iteration stopped on.</param>
/// <param name="Vectors">The top Ritz vectors (up to <see cref="RayleighRitz.Kept"/>, unit), the next point's start.</param>
/// <param name="Products">Hessian-vector products taken.</param>
/// <param name="Converged">True when the bound met the tolerance.</param>
public sealed record SubspaceEigen(double Value, double Bound, double[][] Vectors, int Products, bool Converged);
