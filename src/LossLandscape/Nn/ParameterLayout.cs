namespace LossLandscape.Nn;

/// <summary>Which slice of the flat parameter vector is which layer.</summary>
public sealed class ParameterLayout
{
    /// <summary>Creates a layout from contiguous, non-overlapping blocks in order.</summary>
    public ParameterLayout(IReadOnlyList<ParameterBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var offset = 0;
        foreach (var block in blocks)
        {
            if (block.Offset != offset || block.Length < 1)
            {
                throw new ArgumentException($"block {block.Name} must start at {offset} and be non-empty");
            }

            offset += block.Length;
        }

        Blocks = blocks;
        Count = offset;
    }

    /// <summary>The blocks, in the order they lie in the vector.</summary>
    public IReadOnlyList<ParameterBlock> Blocks { get; }

    /// <summary>Total number of parameters.</summary>
    public int Count { get; }

    /// <summary>The first block with the given role.</summary>
    public ParameterBlock this[ParameterRole role] =>
        Blocks.FirstOrDefault(b => b.Role == role) ?? throw new KeyNotFoundException($"no block with role {role}");

    /// <summary>True when every non-zero entry of <paramref name="direction"/> lies in blocks of the given role.</summary>
    public bool MovesOnly(ReadOnlySpan<double> direction, ParameterRole role)
    {
        if (direction.Length != Count)
        {
            throw new ArgumentException($"direction has {direction.Length} entries; the layout has {Count}");
        }

        foreach (var block in Blocks)
        {
            if (block.Role != role && direction[block.Range].ContainsAnyExcept(0.0))
            {
                return false;
            }
        }

        return true;
    }
}
