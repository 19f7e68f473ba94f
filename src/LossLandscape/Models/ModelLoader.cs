namespace LossLandscape.Models;

/// <summary>Turns a model source into a model.</summary>
public static class ModelLoader
{
    /// <summary>
    /// The model of <paramref name="spec"/> under <paramref name="loss"/>: the seed's <see cref="TanhNetwork"/> (its exact
    /// fast path, bit for bit) for a 1,N,1 tanh network without biases under the mean squared error, else an <see cref="Mlp"/>.
    /// </summary>
    public static IModel FromSpec(MlpSpec spec, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.IsSeedShape && loss == LossKind.MeanSquaredError ? new TanhNetwork(spec.Layers[1]) : new Mlp(spec, loss);
    }
}
