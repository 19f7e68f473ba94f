namespace LossLandscape.Models;

/// <summary>
/// A graph an outside runtime evaluates, as settings hold it: its source and what it is (layout, inputs, outputs, one
/// line describing it), without a live session. The pipeline loads the model from <see cref="Source"/>.
/// </summary>
/// <param name="Source">Where the graph comes from.</param>
/// <param name="Layout">The graph's parameters as a flat vector.</param>
/// <param name="Inputs">Values per sample the graph takes.</param>
/// <param name="Outputs">Values per sample the graph gives.</param>
/// <param name="Description">One line for run.json and messages: the file, the runtime, the input and the output with their shapes.</param>
public sealed record EvaluatedGraph(ModelSource.Graph Source, ModelLayout Layout, int Inputs, int Outputs, string Description)
{
    /// <summary>The loss computed from the graph's output.</summary>
    public LossKind LossKind => Source.Loss;

    /// <summary>Number of parameters.</summary>
    public int ParameterCount => Layout.Count;

    /// <summary>Loads <paramref name="source"/> (<see cref="ModelLoader.Load"/>) and keeps what the settings need to know of it.</summary>
    public static EvaluatedGraph Load(ModelSource.Graph source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var model = ModelLoader.Load(source).OrThrow();
        var description = model.Capability<IEvaluatedModel>()?.Description ?? source.File;
        return new EvaluatedGraph(source, model.Layout, model.Inputs, model.Outputs, description);
    }
}
