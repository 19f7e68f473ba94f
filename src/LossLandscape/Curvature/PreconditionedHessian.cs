namespace LossLandscape.Curvature;

/// <summary>
/// P^(−1/2)·H·P^(−1/2) for a positive diagonal P: symmetric, with the eigenvalues of P⁻¹H (the preconditioned
/// sharpness of an adaptive optimizer whose step is θ ← θ − P⁻¹·m).
/// </summary>
public sealed class PreconditionedHessian : IHessianVectorProduct
{
    private readonly IHessianVectorProduct _hessian;
    private readonly double[] _inverseRoot;
    private readonly double[] _scaled;

    /// <summary>Wraps <paramref name="hessian"/> with the diagonal <paramref name="diagonal"/> (every entry finite and &gt; 0).</summary>
    public PreconditionedHessian(IHessianVectorProduct hessian, ReadOnlySpan<double> diagonal)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        if (diagonal.Length != hessian.Dimension)
        {
            throw new ArgumentException($"the preconditioner has {diagonal.Length} entries; the Hessian has dimension {hessian.Dimension}");
        }

        _hessian = hessian;
        _inverseRoot = new double[diagonal.Length];
        for (var i = 0; i < diagonal.Length; i++)
        {
            if (!(diagonal[i] > 0) || !double.IsFinite(diagonal[i]))
            {
                throw new ArgumentException($"preconditioner entry {i} is {diagonal[i]}; every entry must be finite and > 0");
            }

            _inverseRoot[i] = 1.0 / Math.Sqrt(diagonal[i]);
        }

        _scaled = new double[diagonal.Length];
    }

    /// <inheritdoc/>
    public int Dimension => _hessian.Dimension;

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> vector, Span<double> destination)
    {
        for (var i = 0; i < _scaled.Length; i++)
        {
            _scaled[i] = vector[i] * _inverseRoot[i];
        }

        _hessian.Multiply(_scaled, destination);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] *= _inverseRoot[i];
        }
    }
}
