namespace LossLandscape.Optim;

/// <summary>Which optimizer to build and with what learning rate.</summary>
public sealed record OptimizerSettings
{
    /// <summary>The base learning rate (the article's 0.01).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new InvalidOptionException("lr", $"must be a finite number > 0 (got {LearningRate})");
        }
    }

    /// <summary>A fresh optimizer.</summary>
    public IOptimizer CreateOptimizer() => new Sgd();

    /// <summary>The learning-rate schedule.</summary>
    public ILearningRateSchedule CreateSchedule() => new ConstantSchedule(LearningRate);
}
