namespace LossLandscape.Models;

/// <summary>
/// Where each tensor lies in a model's flat parameter vector, in PyTorch's <c>parameters()</c> order: layer 0's weight,
/// layer 0's bias (when there are biases), layer 1's weight, …
/// </summary>
public sealed class ModelLayout
{
    /// <summary>Creates a layout from contiguous, non-overlapping tensors in order.</summary>
    public ModelLayout(IReadOnlyList<ParameterTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var offset = 0;
        foreach (var tensor in tensors)
        {
            if (tensor.Offset != offset || tensor.Length < 1)
            {
                throw new ArgumentException($"tensor {tensor.Name} must start at {offset} and be non-empty");
            }

            offset += tensor.Length;
        }

        Tensors = tensors;
        Count = offset;
    }

    /// <summary>The tensors, in the order they lie in the vector.</summary>
    public IReadOnlyList<ParameterTensor> Tensors { get; }

    /// <summary>Total number of parameters.</summary>
    public int Count { get; }

    /// <summary>The tensor named <paramref name="name"/> (a state_dict key).</summary>
    public ParameterTensor this[string name] =>
        Tensors.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"no tensor named {name}");

    /// <summary>Number of linear layers (one more than the highest <see cref="ParameterTensor.Layer"/>).</summary>
    public int LayerCount => Tensors.Count == 0 ? 0 : Tensors[^1].Layer + 1;

    /// <summary>
    /// True when every non-zero entry of <paramref name="direction"/> lies in the tensors of linear layer
    /// <paramref name="layer"/> (e.g. the last layer, in which the output is linear).
    /// </summary>
    public bool MovesOnly(ReadOnlySpan<double> direction, int layer)
    {
        if (direction.Length != Count)
        {
            throw new ArgumentException($"direction has {direction.Length} entries; the layout has {Count}", nameof(direction));
        }

        foreach (var tensor in Tensors)
        {
            if (tensor.Layer != layer && direction[tensor.Range].ContainsAnyExcept(0.0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The layout of <c>nn.Sequential(Linear, act, Linear, act, …, Linear)</c> for the given sizes (input, hidden…,
    /// output): keys <c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, … (the Sequential index counts the activations).
    /// </summary>
    public static ModelLayout ForMlp(IReadOnlyList<int> sizes, bool bias)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var tensors = new List<ParameterTensor>();
        var offset = 0;
        for (var layer = 0; layer + 1 < sizes.Count; layer++)
        {
            var key = 2 * layer;
            var weight = new ParameterTensor($"{key}.weight", layer, TensorKind.Weight, [sizes[layer + 1], sizes[layer]], offset);
            tensors.Add(weight);
            offset += weight.Length;
            if (bias)
            {
                var b = new ParameterTensor($"{key}.bias", layer, TensorKind.Bias, [sizes[layer + 1]], offset);
                tensors.Add(b);
                offset += b.Length;
            }
        }

        return new ModelLayout(tensors);
    }
}
