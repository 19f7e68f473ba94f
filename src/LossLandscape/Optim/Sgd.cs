namespace LossLandscape.Optim;

/// <summary>Plain stochastic gradient descent: θ ← θ − lr·g.</summary>
public sealed class Sgd : IOptimizer
{
    /// <inheritdoc />
    public string Name => "sgd";

    /// <inheritdoc />
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] -= learningRate * gradient[i];
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
    }
}
