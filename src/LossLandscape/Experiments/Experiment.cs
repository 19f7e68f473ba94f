using System.Diagnostics;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>The seed experiment: data, split, training, and the loss surface around the path.</summary>
public static class Experiment
{
    /// <summary>Fraction of the covered span added on each side when the grid is extended.</summary>
    public const double ExtensionMargin = 0.05;

    /// <summary>
    /// Runs the pipeline: data → model and start → training → plane (or line) → every record projected once → grid →
    /// surfaces (or the line's losses) → analysis. Throws <see cref="InvalidOptionException"/> naming the option for
    /// invalid options, before any work where the options alone show it.
    /// </summary>
    public static ExperimentResult Run(ExperimentOptions options, IExperimentProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var setup = LandscapeSetup.Prepare(options, progress);
        var model = setup.Model;
        var (initial, early) = Start(options, model);
        var clock = Stopwatch.StartNew();
        var checkpoints = options.PathIsGiven ? CheckpointPath.Of(options, initial) : null;
        progress?.Start(ExperimentStage.Training, checkpoints?.Count ?? options.Training.Epochs);
        var trajectory = checkpoints is null
            ? setup.TrainFrom(initial, options.Optimizer, options.Training, progress)
            : CheckpointPath.Evaluate(model, checkpoints, setup.Train, setup.Test, () => progress?.Advance(ExperimentStage.Training));
        if (trajectory.Divergence is { } d)
        {
            progress?.Notice($"warning: training diverged in epoch {d.Epoch} at step {d.Step} ({d.Reason}); the path stops at the last finite record");
        }

        return Complete(options, setup, trajectory, clock.Elapsed.TotalSeconds, progress, cancellationToken, early);
    }

    /// <summary>
    /// The start: <see cref="ModelStart.Initial"/>, or with <see cref="ExperimentOptions.PlaneStart"/> the point (a, b)
    /// of the random plane drawn around it, which is then the plane drawn (the records do not define it).
    /// </summary>
    internal static (double[] Initial, PlaneDirections? Plane) Start(ExperimentOptions options, Models.IModel model)
    {
        var initial = ModelStart.Initial(model, options);
        if (options.PlaneStart is not { } at)
        {
            return (initial, null);
        }

        var directions = PlaneStage.Directions(options, model, [initial]);
        var theta = new double[model.ParameterCount];
        directions.Plane!.PointAt(at.A, at.B, theta);
        return (theta, directions);
    }

    /// <summary>
    /// The pipeline after training: plane (or line) → every record projected once → grid covering the path → surfaces
    /// (or the line's losses) → analysis → curvature. <see cref="Run"/> ends with it; the lab calls it on a run it trained.
    /// </summary>
    internal static ExperimentResult Complete(ExperimentOptions options, LandscapeSetup setup, Trajectory trajectory, double trainingSeconds, IExperimentProgress? progress, CancellationToken cancellationToken, PlaneDirections? known = null)
    {
        var model = setup.Model;
        var records = trajectory.Records.Select(r => r.Parameters).ToArray();
        var directions = known ?? PlaneStage.Directions(options, model, records);
        var projections = PlaneStage.Project(directions, model, setup.Test, setup.Train, trajectory.Records, PlaneStage.DrawsTrainLossAtProjection(options, directions));
        if (directions.Line is { } line)
        {
            var (profile, notice, seconds) = PlaneStage.Line(options, model, setup, line, projections, "trajectory leaves", progress);
            return Result(options, setup, trajectory, directions, projections, trainingSeconds, new PlaneOutcome(null, null, profile, notice, seconds, 0));
        }

        var plane = directions.Plane!;
        var (a0, b0) = PlaneStage.BaseGrid(options, directions.Kind);
        var (a, b, extension) = LandscapeSetup.CoveringGrid(a0, b0, options.ExtendGrid, projections.Select(p => (p.A, p.B)).ToArray(), "trajectory", "leaves", (plane.Axis1Name, plane.Axis2Name));
        if (extension is not null)
        {
            progress?.Notice(extension);
        }

        var (surfaces, surfaceSeconds) = PlaneStage.Surfaces(options, model, setup.Train, setup.Test, plane, directions.Kind, a, b, progress, cancellationToken);
        var analysisClock = Stopwatch.StartNew();
        var analysis = PlaneStage.Analyze(model, directions, surfaces, setup.Test, trajectory.Records);
        var analysisSeconds = analysisClock.Elapsed.TotalSeconds;
        var curvature = CurvatureStage.Run(options, model, setup.Train, setup.Test, trajectory, plane, a, b, projections, progress, cancellationToken);
        return Result(options, setup, trajectory, directions, projections, trainingSeconds, new PlaneOutcome(surfaces, analysis, null, extension, surfaceSeconds, analysisSeconds, curvature));
    }

    private static ExperimentResult Result(ExperimentOptions options, LandscapeSetup setup, Trajectory trajectory, PlaneDirections directions, RecordProjection[] projections, double trainingSeconds, PlaneOutcome outcome) => new()
    {
        Surfaces = outcome.Surfaces,
        Analysis = outcome.Analysis,
        Line = outcome.Line,
        GridExtension = outcome.Extension,
        SurfaceSeconds = outcome.SurfaceSeconds,
        AnalysisSeconds = outcome.AnalysisSeconds,
        Curvature = outcome.Curvature,
        Options = options,
        Data = setup.Data,
        Split = setup.Split,
        Train = setup.Train,
        Test = setup.Test,
        Model = setup.Model,
        Directions = directions,
        Trajectory = trajectory,
        Projections = projections,
        DataSeconds = setup.DataSeconds,
        TrainingSeconds = trainingSeconds,
    };

    private sealed record PlaneOutcome(PlaneSurfaces? Surfaces, Analysis.SurfaceAnalysis? Analysis, LineProfile? Line, string? Extension, double SurfaceSeconds, double AnalysisSeconds, CurvatureResult? Curvature = null);

    /// <summary>
    /// Grows <paramref name="axis"/> with its own step to cover the values plus a margin of
    /// <see cref="ExtensionMargin"/> of the covered span (at least two steps) on the side where they leave it.
    /// </summary>
    public static (GridAxis Axis, bool Grew) Extend(GridAxis axis, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(axis);
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count == 0)
        {
            return (axis, false);
        }

        double low = list.Min(), high = list.Max();
        var last = axis[axis.Count - 1];
        if (low >= axis.Start && high <= last)
        {
            return (axis, false);
        }

        var span = Math.Max(high, last) - Math.Min(low, axis.Start);
        var margin = Math.Max(ExtensionMargin * span, 2 * axis.Step);
        GridAxis grown;
        try
        {
            grown = axis.Cover(low < axis.Start ? low - margin : axis.Start, high > last ? high + margin : last);
        }
        catch (ArgumentException)
        {
            throw new InvalidOptionException("no-extend", $"extending the grid to cover the trajectory (to {low:G6}..{high:G6}) would need more than {GridAxis.MaxCount} points per axis; use «no-extend»");
        }

        if ((long)grown.Count > GridAxis.MaxCount)
        {
            throw new InvalidOptionException("no-extend", $"extending the grid to cover the trajectory would need {grown.Count} points per axis; use «no-extend»");
        }

        return (grown, true);
    }
}
