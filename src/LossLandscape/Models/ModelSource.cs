namespace LossLandscape.Models;

/// <summary>
/// Where a model comes from, as settings hold it (a value, never a live model): <see cref="ModelLoader.Load"/> turns it
/// into a model or a structured error.
/// </summary>
public abstract record ModelSource
{
    private ModelSource()
    {
    }

    /// <summary>The tool's own network of a spec (the seed's network for its shape under the mean squared error).</summary>
    /// <param name="Spec">The layers, activation and biases.</param>
    /// <param name="Loss">The loss.</param>
    public sealed record Network(MlpSpec Spec, LossKind Loss) : ModelSource;

    /// <summary>An ONNX graph that an outside runtime (ONNX Runtime) evaluates: losses and accuracy, no gradients.</summary>
    /// <param name="File">The .onnx file.</param>
    /// <param name="Input">The graph input the data feed; null when it has one.</param>
    /// <param name="Output">The graph output the loss is computed from; null when it has one.</param>
    /// <param name="Loss">The loss computed from the output.</param>
    /// <param name="StateFrom">
    /// The file (the same graph, other weights) whose state that is not a parameter (BatchNorm's running statistics) the
    /// graph holds everywhere; null for the graph's own.
    /// </param>
    public sealed record Graph(string File, string? Input, string? Output, LossKind Loss, string? StateFrom = null) : ModelSource;
}
