using LossLandscape.Models;

namespace LossLandscape.Experiments;

/// <summary>
/// The options of a model that is sliced, not trained: a graph evaluated by an outside runtime and the
/// checkpoints that form its path.
/// </summary>
public sealed partial record ExperimentOptions
{
    /// <summary>The graph an outside runtime evaluates (e.g. ONNX Runtime), replacing <see cref="Model"/>; null for the tool's own models.</summary>
    public EvaluatedGraph? Graph { get; init; }

    /// <summary>Where the model comes from: <see cref="Graph"/>'s source, else the network of <see cref="ModelSpec"/> under <see cref="Loss"/>.</summary>
    public ModelSource ModelSource => Graph is { } graph ? graph.Source : new ModelSource.Network(ModelSpec, Loss);

    /// <summary>
    /// The path as given parameter vectors (checkpoints), in order, instead of training; null to train. With
    /// <see cref="Graph"/> and no checkpoints the path is the model file's own weights.
    /// </summary>
    public IReadOnlyList<double[]>? Checkpoints { get; init; }

    /// <summary>Where each checkpoint came from (file names), for run.json and trajectory; null when not from files.</summary>
    public IReadOnlyList<string>? CheckpointFiles { get; init; }

    /// <summary>True when the path is given (checkpoints or an evaluated model's weights) rather than trained.</summary>
    public bool PathIsGiven => Checkpoints is not null || Graph is not null;

    /// <summary>The parameter layout in force: the evaluated model's, else the MLP's.</summary>
    public ModelLayout Layout => Graph?.Layout ?? ModelLayout.ForMlp([.. ModelSpec.Layers], ModelSpec.Bias);

    /// <summary>The number of parameters in force.</summary>
    public long ParameterCount => Graph?.ParameterCount ?? ModelSpec.ParameterCount;

    /// <summary>Checks an evaluated model against the loss and the surfaces, and the checkpoints' lengths.</summary>
    private void ValidateEvaluated()
    {
        if (Checkpoints is { } checkpoints)
        {
            if (checkpoints.Count == 0)
            {
                throw new InvalidOptionException("checkpoints", "give at least one checkpoint");
            }

            if (checkpoints.FirstOrDefault(c => c.Length != ParameterCount || !c.All(double.IsFinite)) is { } bad)
            {
                var index = checkpoints.ToList().IndexOf(bad);
                throw new InvalidOptionException("checkpoints", $"checkpoint {index} ({CheckpointFiles?[index] ?? "given"}) must hold {ParameterCount} finite parameters");
            }
        }

        if (Graph is not { } model)
        {
            return;
        }

        if (model.LossKind != Loss)
        {
            throw new InvalidOptionException("loss", "differs from the loss the evaluated model was built with");
        }

        if (Loss == LossKind.CrossEntropy && model.Outputs < 2)
        {
            throw new InvalidOptionException("model", $"cross-entropy needs at least two outputs per sample, one per class; {model.Description} has {model.Outputs}");
        }

        if (Loss == LossKind.MeanSquaredError && model.Outputs != 1)
        {
            throw new InvalidOptionException("model", $"the mean squared error compares one output per sample with the target column; {model.Description} has {model.Outputs} (a classifier? give «loss» cross-entropy)");
        }

        if (Curvature is not null)
        {
            throw new InvalidOptionException("curvature", "needs gradients, which an evaluated ONNX graph does not give");
        }

        if ((Surfaces & Surface.SurfaceQuantities.Sharpness) != 0)
        {
            throw new InvalidOptionException("surface", "the sharpness map needs gradients, which an evaluated ONNX graph does not give");
        }
    }
}
