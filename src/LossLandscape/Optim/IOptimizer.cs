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

    /// <summary>
    /// The largest L2 norm of the whole gradient the trainer passes to <see cref="Step"/>: a longer gradient is scaled
    /// down to it first, as PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> before <c>optimizer.step()</c>; null for none.
    /// </summary>
    double? MaxGradientNorm => null;

    /// <summary>Forgets all state (moments, step counts), as a freshly built optimizer.</summary>
    void Reset();
}
