namespace LossLandscape.Optim;

/// <summary>The same learning rate in every epoch.</summary>
/// <param name="BaseLearningRate">The learning rate.</param>
public sealed record ConstantSchedule(double BaseLearningRate) : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRate(int epoch) => BaseLearningRate;
}
