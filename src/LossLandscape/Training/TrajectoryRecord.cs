namespace LossLandscape.Training;

/// <summary>One recorded point of a training run.</summary>
/// <param name="Epoch">Epochs completed (0 at the start).</param>
/// <param name="Step">Optimizer steps taken so far.</param>
/// <param name="Parameters">A copy of the flat parameter vector.</param>
/// <param name="TestLoss">Exact mean squared error over the test set.</param>
/// <param name="TrainLoss">Exact mean squared error over the training set.</param>
/// <param name="LearningRate">The learning rate in force when this point was reached (the epoch's rate).</param>
public sealed record TrajectoryRecord(int Epoch, int Step, double[] Parameters, double TestLoss, double TrainLoss, double LearningRate)
{
    /// <summary>An adaptive optimizer's diagonal preconditioner P in force for the next step (Adam: θ ← θ − lr·P⁻¹·m), or null.</summary>
    public double[]? Preconditioner { get; init; }
}
