namespace LossLandscape.Optim;

/// <summary>PyTorch's StepLR: lr = base · γ^⌊epoch / stepSize⌋.</summary>
/// <param name="BaseLearningRate">The rate of the first epochs.</param>
/// <param name="StepSize">Epochs between decays (≥ 1).</param>
/// <param name="Gamma">Factor per decay.</param>
public sealed record StepSchedule(double BaseLearningRate, int StepSize, double Gamma) : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRate(int epoch) => BaseLearningRate * Math.Pow(Gamma, epoch / StepSize);
}

/// <summary>PyTorch's ExponentialLR: lr = base · γ^epoch.</summary>
/// <param name="BaseLearningRate">The rate of the first epoch.</param>
/// <param name="Gamma">Factor per epoch.</param>
public sealed record ExponentialSchedule(double BaseLearningRate, double Gamma) : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRate(int epoch) => BaseLearningRate * Math.Pow(Gamma, epoch);
}

/// <summary>
/// PyTorch's CosineAnnealingLR: lr = η_min + (base − η_min)(1 + cos(π·epoch/T_max))/2. As in PyTorch, past T_max the
/// cosine goes on, so the rate climbs back to the base rate at 2·T_max (no restart).
/// </summary>
/// <param name="BaseLearningRate">The rate of the first epoch.</param>
/// <param name="MaxEpochs">T_max: epochs from the base rate to η_min (≥ 1).</param>
/// <param name="MinLearningRate">η_min.</param>
public sealed record CosineSchedule(double BaseLearningRate, int MaxEpochs, double MinLearningRate) : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRate(int epoch) =>
        MinLearningRate + ((BaseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / MaxEpochs)) / 2);
}
