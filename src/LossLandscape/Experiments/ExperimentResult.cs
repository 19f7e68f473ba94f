using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>What a run produced.</summary>
public sealed class ExperimentResult : LandscapeResult
{
    /// <summary>The trajectory.</summary>
    public required Trajectory Trajectory { get; init; }
}
