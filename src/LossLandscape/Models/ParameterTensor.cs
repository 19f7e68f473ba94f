namespace LossLandscape.Models;

/// <summary>Whether a tensor is a layer's weight matrix or its bias vector.</summary>
public enum TensorKind
{
    /// <summary>A weight matrix, out × in, row-major (one row per neuron: its incoming weights).</summary>
    Weight,

    /// <summary>A bias vector, one entry per neuron.</summary>
    Bias,
}

/// <summary>One named tensor inside the flat parameter vector, as PyTorch's <c>state_dict</c> names it.</summary>
/// <param name="Name">The state_dict key, e.g. <c>0.weight</c>, <c>2.bias</c>.</param>
/// <param name="Layer">Index of the linear layer (0 for the first), not the Sequential index.</param>
/// <param name="Kind">Weight or bias.</param>
/// <param name="Shape">The tensor's shape: [out, in] for weights, [out] for biases.</param>
/// <param name="Offset">First index in the flat vector.</param>
public sealed record ParameterTensor(string Name, int Layer, TensorKind Kind, int[] Shape, int Offset)
{
    /// <summary>Number of entries (the product of the shape).</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The tensor's range in the flat vector.</summary>
    public Range Range => Offset..(Offset + Length);

    /// <summary>Rows of a weight matrix (out), or the length of a bias.</summary>
    public int Rows => Shape[0];

    /// <summary>Columns of a weight matrix (in), the rest of a filter bank's shape per output channel (in × kh × kw); 1 for a bias.</summary>
    public int Columns => Shape.Length > 1 ? Length / Shape[0] : 1;

    /// <summary>
    /// The axis that counts a weight's filters (output channels): 0 for PyTorch's out × in and a convolution's
    /// out × in × kh × kw, 1 where the graph keeps the outputs second (a transposed convolution's in × out × kh × kw, a
    /// MatMul's or an untransposed Gemm's in × out).
    /// </summary>
    public int FilterAxis { get; init; }

    /// <summary>Number of filters: the length of <see cref="FilterAxis"/> (1 for a scalar-shaped tensor).</summary>
    public int Filters => Shape.Length == 0 ? 1 : Shape[FilterAxis];

    /// <summary>Entries of one filter.</summary>
    public int FilterLength => Length / Filters;

    /// <summary>
    /// Entries that lie together inside one filter before the next filter's begin: the product of the axes after
    /// <see cref="FilterAxis"/>. Filter f holds, for every block b (the axes before the filter axis), the entries
    /// <c>b × Filters × stride + f × stride + [0, stride)</c>.
    /// </summary>
    public int FilterStride => Length / Shape.Take(FilterAxis + 1).Aggregate(1, (a, b) => a * b);
}
