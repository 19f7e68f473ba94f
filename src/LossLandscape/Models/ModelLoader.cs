namespace LossLandscape.Models;

/// <summary>
/// Turns a <see cref="ModelSource"/> into a model: the tool's own network of a spec, or a graph evaluated by the
/// <see cref="IGraphRuntime"/> the front end installed. An ONNX file is first read as the tool's MLP
/// (<see cref="OnnxMlpImport.TryRead"/>), which says whether a graph that is no MLP is a runtime's to evaluate.
/// </summary>
public static class ModelLoader
{
    private static readonly AsyncLocal<IGraphRuntime?> Runtime = new();

    /// <summary>The model of <paramref name="source"/>, or the error.</summary>
    public static ModelLoad Load(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source switch
        {
            ModelSource.Network network => ModelLoad.Of(FromSpec(network.Spec, network.Loss)),
            ModelSource.Graph graph => Runtime.Value is { } runtime
                ? runtime.Load(graph)
                : ModelLoad.Failed(new InvalidOptionException("model", $"{Path.GetFileName(graph.File)} is a graph for ONNX Runtime, which this front end does not provide")),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown model source"),
        };
    }

    /// <summary>
    /// The model of <paramref name="spec"/> under <paramref name="loss"/>: the seed's <see cref="TanhNetwork"/> (its exact
    /// fast path, bit for bit) for a 1,N,1 tanh network without biases under the mean squared error, else an <see cref="Mlp"/>.
    /// </summary>
    public static IModel FromSpec(MlpSpec spec, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.IsSeedShape && loss == LossKind.MeanSquaredError ? new TanhNetwork(spec.Layers[1]) : new Mlp(spec, loss);
    }

    /// <summary>
    /// Installs <paramref name="runtime"/> for graph sources loaded in this flow of execution (this command, with the tasks
    /// it starts) until the returned scope is disposed, which disposes the runtime and the models it loaded.
    /// </summary>
    public static IDisposable Use(IGraphRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var previous = Runtime.Value;
        Runtime.Value = runtime;
        return new Scope(runtime, previous);
    }

    private sealed class Scope(IGraphRuntime runtime, IGraphRuntime? previous) : IDisposable
    {
        public void Dispose()
        {
            Runtime.Value = previous;
            runtime.Dispose();
        }
    }
}
