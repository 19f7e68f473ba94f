namespace LossLandscape.Models;

/// <summary>
/// A differentiable model with its loss: what the trainer, the surface evaluator and the analysis use. Parameters are
/// one flat vector laid out by <see cref="Layout"/>. Inputs are row-major, samples × <see cref="Inputs"/>; targets
/// are samples × <see cref="Outputs"/> (one value per sample for regression with one output).
/// Implementations are thread-safe and allocate nothing per call after their first use on a thread.
/// </summary>
public interface IModel
{
    /// <summary>The tensors of the flat parameter vector.</summary>
    ModelLayout Layout { get; }

    /// <summary>Number of parameters (<c>Layout.Count</c>).</summary>
    int ParameterCount { get; }

    /// <summary>Number of inputs per sample.</summary>
    int Inputs { get; }

    /// <summary>Number of outputs per sample.</summary>
    int Outputs { get; }

    /// <summary>Number of target values per sample: <see cref="Outputs"/> for regression, 1 (the class index) for classification.</summary>
    int Targets => Outputs;

    /// <summary>The exact mean loss over all samples of (<paramref name="x"/>, <paramref name="y"/>) at θ.</summary>
    double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y);

    /// <summary>The exact mean loss over the samples and its gradient with respect to θ, written to <paramref name="gradient"/>.</summary>
    double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient);
}
