namespace LossLandscape.Models;

/// <summary>
/// A differentiable model with its loss: what the trainer, the surface evaluator and the analysis use. Parameters are
/// one flat vector laid out by <see cref="Layout"/>. Inputs are row-major, samples × <see cref="Inputs"/>; targets
/// are samples × <see cref="Outputs"/> (one value per sample for regression with one output).
/// Implementations are thread-safe and allocate nothing per call after their first use on a thread.
/// What a model can do beyond its loss it declares by capabilities (<see cref="ISeedNetwork"/>, <see cref="IDenseNetwork"/>,
/// <see cref="IClassifier"/>, <see cref="IUniformStart"/>, <see cref="IDefaultStart"/>), found with
/// <see cref="ModelCapabilities.Capability{T}(IModel)"/>; the stages ask for a capability, never for a model's type.
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

    /// <summary>Whether <see cref="LossAndGradient"/> gives the gradient (false for a model an outside runtime evaluates).</summary>
    bool HasGradient => true;

    /// <summary>
    /// The object that provides the capability <paramref name="capability"/> (an interface it implements) for this model,
    /// or null when the model has none: by default the model itself when it implements it. A model may answer with a
    /// part of it (the seed's network answers <see cref="IDenseNetwork"/> with the MLP of its spec), and a wrapper with
    /// the wrapped model's answer.
    /// </summary>
    object? Capability(Type capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        return capability.IsInstanceOfType(this) ? this : null;
    }
}
