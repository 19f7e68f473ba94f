namespace LossLandscape.Training;

/// <summary>The records of one training run, and whether it diverged.</summary>
public sealed class Trajectory
{
    internal Trajectory(IReadOnlyList<TrajectoryRecord> records, Divergence? divergence)
    {
        Records = records;
        Divergence = divergence;
    }

    /// <summary>Records in order: the start, then after every epoch (or step).</summary>
    public IReadOnlyList<TrajectoryRecord> Records { get; }

    /// <summary>Where the run diverged, or null when it finished.</summary>
    public Divergence? Divergence { get; }

    /// <summary>True when the run stopped because the loss or the weights blew up.</summary>
    public bool Diverged => Divergence is not null;
}

/// <summary>Where and why a run was stopped.</summary>
/// <param name="Epoch">The epoch (1-based) in which it happened.</param>
/// <param name="Step">The optimizer step (1-based, counted over the whole run) after which it happened.</param>
/// <param name="Reason">What was seen, e.g. "batch loss is NaN".</param>
public sealed record Divergence(int Epoch, int Step, string Reason);
