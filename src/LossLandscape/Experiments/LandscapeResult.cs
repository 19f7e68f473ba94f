using LossLandscape.Data;
using LossLandscape.Nn;
using LossLandscape.Surface;

namespace LossLandscape.Experiments;

/// <summary>What every landscape run produces: the data, the network, the plane and the surface, with timings.</summary>
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

    /// <summary>The network.</summary>
    public required TanhNetwork Network { get; init; }

    /// <summary>The plane the surface lies in.</summary>
    public required SurfacePlane Plane { get; init; }

    /// <summary>The surface on the final grid (extended to cover the path or paths unless extension was turned off).</summary>
    public required LossSurface Surface { get; init; }

    /// <summary>The notice printed when the grid was extended, else null.</summary>
    public string? GridExtension { get; init; }

    /// <summary>Seconds spent drawing and splitting the data.</summary>
    public double DataSeconds { get; init; }

    /// <summary>Seconds spent training.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Seconds spent evaluating the surface.</summary>
    public double SurfaceSeconds { get; init; }
}
