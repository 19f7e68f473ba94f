using LossLandscape.Models;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace LossLandscape.Planes;

/// <summary>The first two principal directions of a path, with the share of its variance each explains.</summary>
/// <param name="D1">The first principal component, unit length.</param>
/// <param name="D2">The second, unit length.</param>
/// <param name="ExplainedVarianceRatio">The two components' shares of the total variance, as scikit-learn's <c>explained_variance_ratio_</c>.</param>
public sealed record PcaDirections(double[] D1, double[] D2, double[] ExplainedVarianceRatio)
{
    /// <summary>Fewest records a PCA plane needs (two records span one line, not a plane).</summary>
    public const int MinRecords = 3;

    /// <summary>A second singular value below this fraction of the first is rounding: the path lies on a line.</summary>
    public const double RankTolerance = 1e-12;

    /// <summary>
    /// Fits PCA(2) as scikit-learn does to the rows θ_e − <paramref name="center"/> (bias entries zeroed when
    /// <paramref name="biases"/> is <see cref="BiasTreatment.Ignore"/>): the rows are centred on their mean and the
    /// components are the right singular vectors of the largest two singular values. Each component is scaled to
    /// unit length and its sign chosen so that the first record's coordinate (θ₀ − centre)·d is ≤ 0.
    /// </summary>
    /// <remarks>
    /// The SVD is MathNet's, taken of the small triangular factor of a thin QR of the tall side of the matrix, so that a
    /// path of a few records through many parameters never builds a parameters × parameters matrix.
    /// </remarks>
    public static PcaDirections Fit(IReadOnlyList<double[]> records, ReadOnlySpan<double> center, ModelLayout layout, BiasTreatment biases)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(layout);
        if (records.Count < MinRecords)
        {
            throw new InvalidOptionException("plane", $"pca needs at least {MinRecords} records of the path; it has {records.Count}");
        }

        var n = records.Count;
        var p = layout.Count;
        if (center.Length != p || records.Any(r => r.Length != p))
        {
            throw new InvalidOptionException("plane", $"pca: every record and the centre must have {p} parameters");
        }

        var ignored = new bool[p];
        if (biases == BiasTreatment.Ignore)
        {
            foreach (var tensor in layout.Tensors.Where(t => t.Kind == TensorKind.Bias))
            {
                ignored.AsSpan(tensor.Range).Fill(true);
            }
        }

        // Rows θ_e − centre with ignored entries zeroed, then each column centred on its mean (as PCA.fit does).
        var rows = new double[n, p];
        for (var j = 0; j < p; j++)
        {
            if (ignored[j])
            {
                continue;
            }

            var mean = 0.0;
            for (var i = 0; i < n; i++)
            {
                rows[i, j] = records[i][j] - center[j];
                mean += rows[i, j];
            }

            mean /= n;
            for (var i = 0; i < n; i++)
            {
                rows[i, j] -= mean;
            }
        }

        var centred = Matrix<double>.Build.DenseOfArray(rows);
        var components = RightSingularVectors(centred, out var singular);
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                total += rows[i, j] * rows[i, j];
            }
        }

        if (singular.Count < 2 || !(total > 0) || !(singular[1] > RankTolerance * singular[0]))
        {
            throw new InvalidOptionException("plane", "pca: the records do not span a plane (a zero direction); the path does not move in two independent directions");
        }

        var first = new double[p];
        for (var j = 0; j < p; j++)
        {
            first[j] = ignored[j] ? 0 : records[0][j] - center[j];
        }

        var d1 = Oriented(components.Column(0), first);
        var d2 = Oriented(components.Column(1), first);
        var ratio = new[] { singular[0] * singular[0] / total, singular[1] * singular[1] / total };
        return new PcaDirections(d1, d2, ratio);
    }

    /// <summary>The right singular vectors (columns, largest singular value first) and the singular values of <paramref name="m"/>.</summary>
    private static Matrix<double> RightSingularVectors(Matrix<double> m, out Vector<double> singular)
    {
        if (m.RowCount >= m.ColumnCount)
        {
            // m = Q·R; R's right singular vectors are m's.
            var r = m.QR(QRMethod.Thin).R;
            var svd = r.Svd(computeVectors: true);
            singular = svd.S;
            return svd.VT.Transpose();
        }

        // mᵀ = Q·R, so m = Rᵀ·Qᵀ = U·S·(Q·W)ᵀ with Rᵀ = U·S·Wᵀ: m's right singular vectors are Q·W.
        var qr = m.Transpose().QR(QRMethod.Thin);
        var small = qr.R.Transpose().Svd(computeVectors: true);
        singular = small.S;
        return qr.Q * small.VT.Transpose();
    }

    private static double[] Oriented(Vector<double> component, double[] first)
    {
        var d = component.ToArray();
        var norm = DirectionNormalizer.Norm(d);
        var dot = 0.0;
        for (var j = 0; j < d.Length; j++)
        {
            d[j] /= norm;
            dot += first[j] * d[j];
        }

        if (dot > 0)
        {
            for (var j = 0; j < d.Length; j++)
            {
                d[j] = -d[j];
            }
        }

        return d;
    }
}
