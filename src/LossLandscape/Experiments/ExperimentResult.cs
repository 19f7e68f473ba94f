using LossLandscape.Analysis;
using LossLandscape.Pipeline;
using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>What a run produced.</summary>
public sealed class ExperimentResult : LandscapeResult
{
    /// <summary>The trajectory.</summary>
    public required Trajectory Trajectory { get; init; }

    /// <summary>Every record projected onto the plane (or line), in the trajectory's order.</summary>
    public required IReadOnlyList<RecordProjection> Projections { get; init; }

    /// <summary>Critical points and curvature on the test surface (null for a line).</summary>
    public SurfaceAnalysis? Analysis { get; init; }

    /// <summary>Seconds spent on the analysis.</summary>
    public double AnalysisSeconds { get; init; }

    /// <summary>The full Hessian's curvature, or null when not asked for.</summary>
    public CurvatureResult? Curvature { get; init; }
}
