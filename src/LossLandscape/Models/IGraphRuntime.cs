namespace LossLandscape.Models;

/// <summary>
/// An outside runtime that evaluates graphs the tool's own models cannot hold (ONNX Runtime in the CLI). The core does
/// not reference one: the front end that has one installs it with <see cref="ModelLoader.Use"/>. It owns the models it
/// loads and frees them when disposed.
/// </summary>
public interface IGraphRuntime : IDisposable
{
    /// <summary>The graph of <paramref name="source"/> as an <see cref="IEvaluatedModel"/>, or the error; the same source gives the same model.</summary>
    ModelLoad Load(ModelSource.Graph source);
}
