namespace LossLandscape.Optim;

/// <summary>An update rule on a flat parameter vector, with PyTorch's semantics.</summary>
public interface IOptimizer
{
    /// <summary>Short name, e.g. <c>sgd</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Updates <paramref name="parameters"/> in place from the gradient of the batch's mean loss,
    /// with the learning rate in force for this step. Allocates nothing.
    /// </summary>
    void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate);

    /// <summary>Forgets all state (moments, step counts), as a freshly built optimizer.</summary>
    void Reset();
}
