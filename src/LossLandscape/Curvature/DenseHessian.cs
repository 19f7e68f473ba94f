using MathNet.Numerics.LinearAlgebra;

namespace LossLandscape.Curvature;

/// <summary>
/// The Hessian built column by column from products with the unit vectors, symmetrised, and its exact spectrum by
/// MathNet.Numerics' dense symmetric eigendecomposition. For models of at most <see cref="MaxParameters"/> parameters.
/// </summary>
public static class DenseHessian
{
    /// <summary>The most parameters for which the dense Hessian is built (32 MB, a few seconds).</summary>
    public const int MaxParameters = 2000;

    /// <summary>The symmetrised matrix (H + Hᵀ)/2, one product per column; throws for more than <see cref="MaxParameters"/> parameters.</summary>
    public static Matrix<double> Build(IHessianVectorProduct hessian)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        var n = hessian.Dimension;
        if (n > MaxParameters)
        {
            throw new InvalidOptionException("curvature", $"the exact spectrum needs at most {MaxParameters} parameters; this model has {n}");
        }

        var columns = new double[n * n];
        var unit = new double[n];
        for (var j = 0; j < n; j++)
        {
            unit[j] = 1.0;
            hessian.Multiply(unit, columns.AsSpan(j * n, n));
            unit[j] = 0.0;
        }

        var matrix = Matrix<double>.Build.DenseOfColumnMajor(n, n, columns);
        var symmetric = (matrix + matrix.Transpose()) * 0.5;
        foreach (var value in symmetric.Enumerate())
        {
            if (!double.IsFinite(value))
            {
                throw new ArithmeticException("the Hessian is not finite (NaN or overflow) at this point");
            }
        }

        return symmetric;
    }

    /// <summary>Every eigenvalue of a symmetric matrix, ascending.</summary>
    public static double[] Eigenvalues(Matrix<double> symmetric)
    {
        ArgumentNullException.ThrowIfNull(symmetric);
        var values = symmetric.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).ToArray();
        Array.Sort(values);
        return values;
    }

    /// <summary>Every eigenvalue of the operator, ascending.</summary>
    public static double[] Spectrum(IHessianVectorProduct hessian) => Eigenvalues(Build(hessian));

    /// <summary>The diagonal block of rows and columns <paramref name="block"/>.</summary>
    public static Matrix<double> Block(Matrix<double> matrix, LayerBlock block)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(block);
        return matrix.SubMatrix(block.Offset, block.Length, block.Offset, block.Length);
    }
}
