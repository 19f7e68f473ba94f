namespace LossLandscape.Curvature;

/// <summary>
/// The diagonal block of an operator on a contiguous range of its coordinates: v ↦ (H·[0, v, 0])[range], the curvature
/// of one layer with the others held fixed.
/// </summary>
public sealed class BlockHessian : IHessianVectorProduct
{
    private readonly IHessianVectorProduct _full;
    private readonly int _offset;
    private readonly double[] _input;
    private readonly double[] _output;

    /// <summary>Restricts <paramref name="full"/> to coordinates [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).</summary>
    public BlockHessian(IHessianVectorProduct full, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(full);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (offset + length > full.Dimension)
        {
            throw new ArgumentException($"the block [{offset}, {offset + length}) exceeds the dimension {full.Dimension}");
        }

        _full = full;
        _offset = offset;
        Dimension = length;
        _input = new double[full.Dimension];
        _output = new double[full.Dimension];
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> vector, Span<double> destination)
    {
        vector.CopyTo(_input.AsSpan(_offset, Dimension));
        _full.Multiply(_input, _output);
        _output.AsSpan(_offset, Dimension).CopyTo(destination);
    }
}
