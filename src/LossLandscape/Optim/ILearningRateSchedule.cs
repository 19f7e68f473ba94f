namespace LossLandscape.Optim;

/// <summary>The learning rate in force in each epoch (schedules step once per epoch, as PyTorch's do).</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate used throughout epoch <paramref name="epoch"/> (0-based).</summary>
    double LearningRate(int epoch);
}
