using LossLandscape.Experiments;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>A run trained on the session, completed by the pipeline's own later stages into what <c>run</c> computes.</summary>
public sealed partial class LandscapeSession
{
    /// <summary>
    /// What <see cref="LandscapePipeline.Run(PipelineRequest, IExperimentProgress, CancellationToken)"/> returns for <paramref name="run"/> when training gave <paramref name="records"/>:
    /// the plane of <paramref name="run"/> (any kind: pca, points and line are built from the records), every record
    /// projected, the grid extended to cover the path when <see cref="ExperimentOptions.ExtendGrid"/> says so, the
    /// surfaces, analysis and curvature. The data and model are the session's; the records are not trained again.
    /// </summary>
    public LandscapeResult Complete(ExperimentOptions run, IReadOnlyList<TrajectoryRecord> records, Divergence? divergence, double trainingSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(records);
        CheckSameLandscape(run);
        if (records.Count == 0)
        {
            throw new InvalidOptionException("epochs", "the run has no records yet; a plane and files need at least the start");
        }

        // A start given on the plane keeps that plane (built before training, as the pipeline builds it).
        var known = run.PlaneStart is null ? null : LandscapePipeline.Start(run, Model).Plane;
        var request = PipelineRequest.Single(run);
        LandscapePath[] paths = [new LandscapePath(request.Paths[0], new Trajectory(records, divergence), [], trainingSeconds)];
        return LandscapePipeline.Complete(new StageContext(run, _setup, null, cancellationToken), request, paths, trainingSeconds, known);
    }

    private void CheckSameLandscape(ExperimentOptions run)
    {
        run.Validate();
        if (run.Data != Options.Data || run.ModelSpec.ToString() != Options.ModelSpec.ToString() || run.ModelSpec.Layers.SequenceEqual(Options.ModelSpec.Layers) is false)
        {
            throw new ArgumentException("the run must use the session's data and model", nameof(run));
        }
    }
}
