using LossLandscape.Models;

namespace LossLandscape.OnnxRuntime;

/// <summary>
/// ONNX Runtime as the core's <see cref="IGraphRuntime"/>: loads each graph source once into an
/// <see cref="OnnxRuntimeModel"/> and frees every session it made when disposed. Thread-safe.
/// </summary>
public sealed class OnnxRuntimeGraphs : IGraphRuntime
{
    private readonly Dictionary<ModelSource.Graph, ModelLoad> _loaded = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <inheritdoc/>
    public ModelLoad Load(ModelSource.Graph source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_loaded.TryGetValue(source, out var load))
            {
                load = Create(source);
                _loaded[source] = load;
            }

            return load;
        }
    }

    /// <summary>Disposes every model loaded.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var load in _loaded.Values)
            {
                (load.Model as IDisposable)?.Dispose();
            }

            _loaded.Clear();
        }
    }

    // The reader and ONNX Runtime report a bad file, input or output as InvalidOptionException: here it becomes the result.
    private static ModelLoad Create(ModelSource.Graph source)
    {
        try
        {
            var graph = OnnxGraph.Read(source.File);
            if (source.StateFrom is { } state)
            {
                graph = graph.WithStateOf(OnnxGraph.Read(state, "checkpoints"), "checkpoints");
            }

            return ModelLoad.Of(OnnxRuntimeModel.Create(graph, source.Input, source.Output, source.Loss));
        }
        catch (InvalidOptionException e)
        {
            return ModelLoad.Failed(e);
        }
    }
}
