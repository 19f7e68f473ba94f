using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Landscape;

/// <summary>What every stage of the pipeline works with: the settings, the data and model, progress and cancellation.</summary>
/// <param name="Options">The settings in force for this stage (a path's stages see its own optimizer).</param>
/// <param name="Setup">The data, its split and the model.</param>
/// <param name="Progress">Receives progress and notices; null for none.</param>
/// <param name="CancellationToken">Stops the work at the next grid row, record or epoch.</param>
public sealed record StageContext(ExperimentOptions Options, LandscapeSetup Setup, IExperimentProgress? Progress, CancellationToken CancellationToken)
{
    /// <summary>The model.</summary>
    public IModel Model => Setup.Model;

    /// <summary>The training pairs.</summary>
    public RegressionSet Train => Setup.Train;

    /// <summary>The test pairs.</summary>
    public RegressionSet Test => Setup.Test;
}

/// <summary>A plane and the grid the surfaces are evaluated on.</summary>
/// <param name="Plane">The plane.</param>
/// <param name="A">The grid along the first direction.</param>
/// <param name="B">The grid along the second direction.</param>
public sealed record PlaneGrid(SurfacePlane Plane, GridAxis A, GridAxis B);
