namespace LossLandscape.Nn;

/// <summary>What a block of parameters does in the network.</summary>
public enum ParameterRole
{
    /// <summary>Weights into the hidden layer (they pass through tanh).</summary>
    HiddenWeight,

    /// <summary>Weights out of the hidden layer (the output is linear in them).</summary>
    OutputWeight,
}

/// <summary>A named slice of the flat parameter vector.</summary>
/// <param name="Name">Name as PyTorch would print it, e.g. <c>hidden.weight</c>.</param>
/// <param name="Role">What the block does.</param>
/// <param name="Offset">First index in the flat vector.</param>
/// <param name="Length">Number of parameters.</param>
public sealed record ParameterBlock(string Name, ParameterRole Role, int Offset, int Length)
{
    /// <summary>The block's range in the flat vector.</summary>
    public Range Range => Offset..(Offset + Length);
}
