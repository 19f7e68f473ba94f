namespace LossLandscape.Curvature;

/// <summary>Counts the products passed to an operator.</summary>
internal sealed class CountingHessian(IHessianVectorProduct inner) : IHessianVectorProduct
{
    public long Products { get; private set; }

    public int Dimension => inner.Dimension;

    public void Multiply(ReadOnlySpan<double> vector, Span<double> destination)
    {
        Products++;
        inner.Multiply(vector, destination);
    }
}
