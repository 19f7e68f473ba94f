using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Experiments;

/// <summary>What every landscape run produces: the data, the model, the plane and the surfaces, with timings.</summary>
public abstract class LandscapeResult
{
    /// <summary>The options used (a race uses all but their optimizer).</summary>
    public required ExperimentOptions Options { get; init; }

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

    /// <summary>The plane the surface lies in (null for a line).</summary>
    public SurfacePlane? Plane => Directions.Plane;

    /// <summary>The surfaces computed on the plane (null for a line).</summary>
    public PlaneSurfaces? Surfaces { get; init; }

    /// <summary>The first surface computed (test, else training, else gap) on the final grid (extended to cover the path or paths unless extension was turned off); null for a line.</summary>
    public LossSurface? Surface => Surfaces is null ? null : PlaneStage.Primary(Surfaces);

    /// <summary>The losses along the line (null for a plane).</summary>
    public LineProfile? Line { get; init; }

    /// <summary>The notice printed when the grid was extended, else null.</summary>
    public string? GridExtension { get; init; }

    /// <summary>Seconds spent drawing and splitting the data.</summary>
    public double DataSeconds { get; init; }

    /// <summary>Seconds spent training.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Seconds spent evaluating the surface.</summary>
    public double SurfaceSeconds { get; init; }
}
