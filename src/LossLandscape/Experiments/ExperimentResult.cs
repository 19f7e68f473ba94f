using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>What a run produced.</summary>
public sealed class ExperimentResult : LandscapeResult
{
    /// <summary>The trajectory.</summary>
    public required Trajectory Trajectory { get; init; }

    /// <summary>The plane coordinates of every record.</summary>
    public IReadOnlyList<(double A, double B)> PathCoordinates() =>
        Trajectory.Records.Select(r => Plane.Project(r.Parameters)).ToArray();
}
