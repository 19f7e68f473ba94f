using LossLandscape.Models;

namespace LossLandscape.Curvature;

/// <summary>Makes the Hessian-vector product of a model's loss, and the restrictions of it to one layer.</summary>
public static class HessianOperators
{
    /// <summary>
    /// The Hessian of <paramref name="model"/>'s mean loss over (<paramref name="x"/>, <paramref name="y"/>); call
    /// <see cref="MlpHessian.MoveTo"/> before the first product. The products are those of the model's
    /// <see cref="IDenseNetwork"/>; throws <see cref="InvalidOptionException"/> (<c>curvature</c>) for a model without one.
    /// </summary>
    public static MlpHessian Create(IModel model, double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Capability<IDenseNetwork>() is { } dense
            ? new MlpHessian(dense.Network, x, y)
            : throw new InvalidOptionException("curvature", $"the model {model.GetType().Name} provides no Hessian-vector products; curvature needs an MLP");
    }

    /// <summary>The blocks of the layout's linear layers: each layer's weight and bias, contiguous in the flat vector.</summary>
    public static IReadOnlyList<LayerBlock> Layers(ModelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var blocks = new List<LayerBlock>();
        for (var layer = 0; layer < layout.LayerCount; layer++)
        {
            var tensors = layout.Tensors.Where(t => t.Layer == layer).ToArray();
            var start = tensors.Min(t => t.Offset);
            var end = tensors.Max(t => t.Offset + t.Length);
            blocks.Add(new LayerBlock(layer, string.Join('+', tensors.Select(t => t.Name)), start, end - start));
        }

        return blocks;
    }
}

/// <summary>The parameters of one linear layer: a contiguous range of the flat vector.</summary>
/// <param name="Layer">Index of the linear layer (0 for the first).</param>
/// <param name="Name">The tensors' state_dict keys joined by '+', e.g. <c>0.weight+0.bias</c>.</param>
/// <param name="Offset">First index in the flat vector.</param>
/// <param name="Length">Number of parameters.</param>
public sealed record LayerBlock(int Layer, string Name, int Offset, int Length)
{
    /// <summary>The block's range in the flat vector.</summary>
    public Range Range => Offset..(Offset + Length);
}
