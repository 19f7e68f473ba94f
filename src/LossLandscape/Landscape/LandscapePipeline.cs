using System.Diagnostics;
using LossLandscape.Experiments;
using LossLandscape.Planes;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>
/// The pipeline, for one path or several: data → model and start → training (each path from the same start, on the
/// same batches) → plane (or line) → every record projected once → grid covering the paths → surfaces (or the line's
/// losses) → analysis → curvature along each path. <c>run</c>, <c>compare</c> and the lab all call it.
/// </summary>
public static class LandscapePipeline
{
    /// <summary>Runs the pipeline for one path: <see cref="PipelineRequest.Single"/> of <paramref name="options"/>.</summary>
    public static LandscapeResult Run(ExperimentOptions options, IExperimentProgress? progress = null, CancellationToken cancellationToken = default) =>
        Run(PipelineRequest.Single(options), progress, cancellationToken);

    /// <summary>
    /// Runs the pipeline. Throws <see cref="InvalidOptionException"/> naming the option for invalid options, before any
    /// work where the options alone show it.
    /// </summary>
    public static LandscapeResult Run(PipelineRequest request, IExperimentProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options;
        options.Validate();
        if (request.IsRace)
        {
            PipelineValidation.ValidateRace(options);
        }

        foreach (var entry in request.Paths)
        {
            entry.Optimizer.Validate();
        }

        var context = new StageContext(options, LandscapeSetup.Prepare(options, progress), progress, cancellationToken);
        var (initial, known) = Start(options, context.Model);
        var clock = Stopwatch.StartNew();
        var paths = TrainingStage.Run(context, request, initial);
        return Complete(context, request, paths, clock.Elapsed.TotalSeconds, known);
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
    /// The pipeline after training: plane (or line) → every record projected once → grid covering the paths → surfaces
    /// (or the line's losses) → analysis → curvature. <see cref="Run(PipelineRequest, IExperimentProgress, CancellationToken)"/> ends with it; the lab calls it on a run it trained.
    /// </summary>
    internal static LandscapeResult Complete(StageContext context, PipelineRequest request, IReadOnlyList<LandscapePath> paths, double trainingSeconds, PlaneDirections? known = null)
    {
        var options = context.Options;
        var model = context.Model;

        // One plane for every path: a pca plane is fitted to all paths' records together. One line too: from the shared
        // start to the first path's last record, unless --from/--to say otherwise; every path is projected onto it.
        var records = PipelineValidation.PlaneKindOf(options) == PlaneKind.Line && options.Directions is null
            ? paths[0].Records.Select(record => record.Parameters).ToArray()
            : paths.SelectMany(p => p.Records.Select(record => record.Parameters)).ToArray();
        if (request.IsRace && known is null && records.Length == 1 && options.Directions is null && options.Plane is { Kind: PlaneKind.Line, To: null })
        {
            throw new InvalidOptionException("plane", $"the line runs from the shared start to the first run's last record, and run '{paths[0].Entry.Label}' kept only its start (it diverged in its first epoch); put another run first or name the line's end with «to»");
        }

        var directions = known ?? PlaneStage.Directions(options, model, records);
        var trainAtProjection = PlaneStage.DrawsTrainLossAtProjection(options, directions);
        paths = [.. paths.Select(p => p with { Projections = PlaneStage.Project(directions, model, context.Test, context.Train, p.Records, trainAtProjection) })];
        var subject = request.IsRace ? ("paths", "leave") : ("trajectory", "leaves");
        LandscapeResult Result(LandscapeSlice slice, string? extension, double surfaceSeconds, double analysisSeconds) => new()
        {
            Options = options,
            IsRace = request.IsRace,
            Data = context.Setup.Data,
            Split = context.Setup.Split,
            Train = context.Train,
            Test = context.Test,
            Model = model,
            Directions = directions,
            Paths = paths,
            Slice = slice,
            GridExtension = extension,
            DataSeconds = context.Setup.DataSeconds,
            TrainingSeconds = trainingSeconds,
            SurfaceSeconds = surfaceSeconds,
            AnalysisSeconds = analysisSeconds,
        };

        if (directions.Line is { } line)
        {
            var (profile, notice, seconds) = PlaneStage.Line(context, line, [.. paths.SelectMany(p => p.Projections)], subject);
            return Result(new LandscapeSlice.OnLine(profile), notice, seconds, 0);
        }

        var plane = directions.Plane!;
        (var a, var b, var extension, paths) = CoveringGrid(context, request, paths, directions, subject);

        var grid = new PlaneGrid(plane, a, b);
        var (surfaces, surfaceSeconds) = PlaneStage.Surfaces(context, grid);
        var analysisClock = Stopwatch.StartNew();
        var analysis = PlaneStage.Analyze(model, directions, surfaces, context.Test, request.IsRace ? null : paths[0].Records);
        if (request.IsRace)
        {
            // A race's analysis lists the plane's curvature along every path, under its label.
            var calculus = PlaneStage.Calculus(model, directions, context.Test);
            paths = [.. paths.Select(p => p with { PlaneCurvature = Analysis.TrajectoryCurvature.Compute(calculus, p.Records) })];
        }

        var analysisSeconds = analysisClock.Elapsed.TotalSeconds;

        // Each path's curvature with its own optimizer: its stability limit (2/lr, Adam's preconditioned limit).
        paths = [.. paths.Select(p => p with { Curvature = CurvatureStage.Run(context with { Options = request.OptionsOf(p.Entry) }, p.Trajectory, grid, p.Projections) })];
        return Result(new LandscapeSlice.OnPlane(plane, surfaces, analysis), extension, surfaceSeconds, analysisSeconds);
    }

    /// <summary>
    /// The options' grid, grown to cover the paths, its notice posted: a single path that cannot be covered is refused
    /// (<c>no-extend</c>); a race leaves its runaway contestants out (marked <see cref="LandscapePath.LeftSurface"/>, with a warning).
    /// </summary>
    private static (Surface.GridAxis A, Surface.GridAxis B, string? Notice, IReadOnlyList<LandscapePath> Paths) CoveringGrid(StageContext context, PipelineRequest request, IReadOnlyList<LandscapePath> paths, PlaneDirections directions, (string, string) subject)
    {
        var (a0, b0) = PlaneStage.BaseGrid(context.Options, directions.Kind);
        var names = (directions.Plane!.Axis1Name, directions.Plane.Axis2Name);
        if (!request.IsRace)
        {
            var (a, b, notice) = GridCovering.Cover(a0, b0, context.Options.ExtendGrid, [.. paths.SelectMany(p => p.Projections).Select(p => (p.A, p.B))], subject, names) switch
            {
                GridCover.Covered covered => (covered.A, covered.B, covered.Notice),
                GridCover.TooLarge tooLarge => throw new InvalidOptionException("no-extend", tooLarge.Message),
                _ => throw new UnreachableException(),
            };
            if (notice is not null)
            {
                context.Progress?.Notice(notice);
            }

            return (a, b, notice, paths);
        }

        var (raceA, raceB, raceNotice, left) = GridCovering.CoverRace(a0, b0, context.Options.ExtendGrid, names, [.. paths.Select(p => p.Projections)]);
        if (raceNotice is not null)
        {
            context.Progress?.Notice(raceNotice);
        }

        var marked = paths.ToArray();
        foreach (var k in left.Order())
        {
            marked[k] = marked[k] with { LeftSurface = true };
            context.Progress?.Notice($"warning: run '{marked[k].Entry.Label}' went too far to be covered by the surface (more than {GridCovering.ExtensionBudget} grid points); it is drawn up to where it leaves the surface");
        }

        return (raceA, raceB, raceNotice, marked);
    }
}
