using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>
/// What the pipeline produced for one or more paths: the data, the model, the plane or line with what was computed on
/// it, every path with its projections and curvature, and the seconds per stage.
/// </summary>
public sealed class LandscapeResult
{
    /// <summary>The options used (each path trains with its own optimizer, <see cref="PathEntry.Optimizer"/>).</summary>
    public required ExperimentOptions Options { get; init; }

    /// <summary>True for a race (<c>compare</c>): a runaway path is left off the surface rather than refused, and the folder is a race's.</summary>
    public required bool IsRace { get; init; }

    /// <summary>All drawn points.</summary>
    public required Dataset Data { get; init; }

    /// <summary>The train/test indices.</summary>
    public required TrainTestSplit Split { get; init; }

    /// <summary>The training pairs.</summary>
    public required RegressionSet Train { get; init; }

    /// <summary>The test pairs.</summary>
    public required RegressionSet Test { get; init; }

    /// <summary>The model.</summary>
    public required IModel Model { get; init; }

    /// <summary>The seed's network when the model is one (its exact fast path, <see cref="ISeedNetwork"/>), else null.</summary>
    public ISeedNetwork? Network => Model.Capability<ISeedNetwork>();

    /// <summary>The plane (or line) with everything needed to redraw it (directions.json).</summary>
    public required PlaneDirections Directions { get; init; }

    /// <summary>The paths in the order given, each with its records projected onto the plane or line.</summary>
    public required IReadOnlyList<LandscapePath> Paths { get; init; }

    /// <summary>The plane with its surfaces and analysis, or the line with its losses.</summary>
    public required LandscapeSlice Slice { get; init; }

    /// <summary>The plane's part of the result; throws when the landscape was drawn along a line.</summary>
    public LandscapeSlice.OnPlane OnPlane => Slice as LandscapeSlice.OnPlane ?? throw new InvalidOperationException("the landscape was drawn along a line, not on a plane");

    /// <summary>The line's part of the result; throws when the landscape was drawn on a plane.</summary>
    public LandscapeSlice.OnLine OnLine => Slice as LandscapeSlice.OnLine ?? throw new InvalidOperationException("the landscape was drawn on a plane, not along a line");

    /// <summary>The notice printed when the grid (or the line's range) was extended, else null.</summary>
    public string? GridExtension { get; init; }

    /// <summary>Seconds spent drawing and splitting the data.</summary>
    public double DataSeconds { get; init; }

    /// <summary>Seconds spent training every path (or evaluating the checkpoints).</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Seconds spent evaluating the surfaces (or the line's losses).</summary>
    public double SurfaceSeconds { get; init; }

    /// <summary>Seconds spent on the analysis of the test surface.</summary>
    public double AnalysisSeconds { get; init; }
}

/// <summary>Where the landscape was drawn: on a plane (<see cref="OnPlane"/>) or along a line (<see cref="OnLine"/>), nothing else.</summary>
public abstract record LandscapeSlice
{
    private LandscapeSlice()
    {
    }

    /// <summary>The surfaces on the plane's grid and their analysis.</summary>
    /// <param name="Plane">The plane the surfaces lie in.</param>
    /// <param name="Surfaces">The surfaces computed on the final grid (extended to cover the paths unless extension was off).</param>
    /// <param name="Analysis">Critical points and the valley on the test surface (and, for a single path, the curvature along it).</param>
    public sealed record OnPlane(SurfacePlane Plane, PlaneSurfaces Surfaces, SurfaceAnalysis Analysis) : LandscapeSlice
    {
        /// <summary>The first surface computed: test, else training, else the gap.</summary>
        public LossSurface Surface => PlaneStage.Primary(Surfaces);
    }

    /// <summary>The losses along the line.</summary>
    /// <param name="Profile">The α values and both losses at each.</param>
    public sealed record OnLine(LineProfile Profile) : LandscapeSlice;
}

/// <summary>One path of the landscape: who made it, its records, where they project and the curvature along it.</summary>
/// <param name="Entry">The label and optimizer.</param>
/// <param name="Trajectory">Its records (up to the divergence, if any).</param>
/// <param name="Projections">Every record projected onto the plane (or line), in the trajectory's order.</param>
/// <param name="TrainingSeconds">Seconds spent training it.</param>
public sealed record LandscapePath(PathEntry Entry, Trajectory Trajectory, IReadOnlyList<RecordProjection> Projections, double TrainingSeconds)
{
    /// <summary>The path's records.</summary>
    public IReadOnlyList<TrajectoryRecord> Records => Trajectory.Records;

    /// <summary>
    /// True when the path went so far that covering it would take more than <see cref="GridCovering.ExtensionBudget"/>
    /// grid points (a race only): the surface leaves it out, and it is drawn up to where it leaves the surface.
    /// </summary>
    public bool LeftSurface { get; init; }

    /// <summary>The full Hessian's curvature along the path (<c>curvature</c> every|N, the sharpness map), or null.</summary>
    public CurvatureResult? Curvature { get; init; }

    /// <summary>The curvature of the plane's test loss at each record (a race's analysis.json lists it per path; a single path's is in the analysis).</summary>
    public IReadOnlyList<CurvaturePoint> PlaneCurvature { get; init; } = [];
}
