namespace LossLandscape.Models;

/// <summary>
/// A model whose loss an outside runtime computes (an ONNX graph evaluated by ONNX Runtime): losses and accuracy at any
/// θ, but no gradient, so the pipeline slices it along checkpoints instead of training it and skips the plane analysis.
/// <see cref="IModel.LossAndGradient"/> throws <see cref="NotSupportedException"/>.
/// </summary>
public interface IEvaluatedModel : IModel
{
    /// <summary>The loss <see cref="IModel.Loss"/> computes.</summary>
    LossKind LossKind { get; }

    /// <summary>The starting weights the model file holds, laid out by <see cref="IModel.Layout"/>.</summary>
    IReadOnlyList<double> Weights { get; }

    /// <summary>One line for run.json and messages: the file, the runtime, the input and the output with their shapes.</summary>
    string Description { get; }

    /// <summary>The fraction of samples whose largest output is the target class (classifiers only).</summary>
    double Accuracy(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y);
}
