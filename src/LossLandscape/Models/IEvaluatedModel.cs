namespace LossLandscape.Models;

/// <summary>
/// A model whose loss an outside runtime computes (an ONNX graph evaluated by ONNX Runtime): losses and accuracy at any
/// θ, but no gradient (<see cref="IModel.HasGradient"/> is false), so the pipeline slices it along checkpoints instead of
/// training it and skips the plane analysis. <see cref="IModel.LossAndGradient"/> throws <see cref="NotSupportedException"/>.
/// </summary>
public interface IEvaluatedModel : IModel, IClassifier
{
    /// <summary>The starting weights the model file holds, laid out by <see cref="IModel.Layout"/>.</summary>
    IReadOnlyList<double> Weights { get; }

    /// <summary>One line for run.json and messages: the file, the runtime, the input and the output with their shapes.</summary>
    string Description { get; }

    /// <summary>False: the outside runtime gives losses, not gradients.</summary>
    bool IModel.HasGradient => false;
}
