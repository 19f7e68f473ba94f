namespace LossLandscape.Landscape;

/// <summary>The stages of a run, in order.</summary>
public enum ExperimentStage
{
    /// <summary>Drawing the data and splitting it.</summary>
    Data,

    /// <summary>Training.</summary>
    Training,

    /// <summary>Evaluating the loss surface.</summary>
    Surface,

    /// <summary>The full Hessian's curvature along the path.</summary>
    Curvature,

    /// <summary>λmax at every grid point (the sharpness surface).</summary>
    Sharpness,
}

/// <summary>Receives progress from a run. Methods may be called from worker threads.</summary>
public interface IExperimentProgress
{
    /// <summary>A stage starts with <paramref name="total"/> units of work.</summary>
    void Start(ExperimentStage stage, int total);

    /// <summary>One unit of the stage is done.</summary>
    void Advance(ExperimentStage stage);

    /// <summary>A one-line notice for the user (e.g. the grid was extended).</summary>
    void Notice(string message);
}
