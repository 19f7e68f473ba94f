namespace LossLandscape.Curvature;

/// <summary>
/// A symmetric linear operator v ↦ H·v of fixed dimension: the Hessian of a loss at one point, a block of it, or a
/// preconditioned form. Implementations allocate nothing per product and give results independent of the thread count.
/// </summary>
public interface IHessianVectorProduct
{
    /// <summary>Length of the vectors the operator takes and returns.</summary>
    int Dimension { get; }

    /// <summary>Writes H·<paramref name="vector"/> into <paramref name="destination"/> (both of length <see cref="Dimension"/>).</summary>
    void Multiply(ReadOnlySpan<double> vector, Span<double> destination);
}
