using System.Diagnostics;
using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Files;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>
/// The plane half of the pipeline, shared by a run and a race: the plane (or line) from the options and the records,
/// every record projected once, the grid, the surfaces on it, the line's losses and the analysis on the plane.
/// </summary>
public static class PlaneStage
{
    /// <summary>
    /// The plane the options ask for: a saved directions.json, the seed's weights plane (its own vectors, bit for bit),
    /// or <see cref="PlaneBuilder"/>'s plane from <paramref name="records"/> (every record of every run, in order).
    /// </summary>
    public static PlaneDirections Directions(ExperimentOptions options, IModel model, IReadOnlyList<double[]> records)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        if (options.Directions is { } file)
        {
            return DirectionsFile.Read(file, model.Layout);
        }

        var kind = PipelineValidation.PlaneKindOf(options);
        if (kind == PlaneKind.Weights && model.Capability<ISeedNetwork>() is { } seed)
        {
            return new PlaneDirections { Kind = PlaneKind.Weights, Layout = model.Layout, Plane = SurfacePlane.Weights(seed) };
        }

        return PlaneBuilder.Build(options.Plane ?? new PlaneSpec { Kind = kind }, model.Layout, records);
    }

    /// <summary>
    /// Every record projected onto the plane (or line): (a, b) by least squares, the distance, the true test loss and the
    /// exact float64 test and training losses at the projection. On the weights plane (a, b) are the plane's own coordinates (w1, w2).
    /// Without <paramref name="trainLoss"/> the training loss at the projection (four times the test set's work on the
    /// seed's split; only a training-loss or gap surface draws it) is left NaN.
    /// </summary>
    public static RecordProjection[] Project(PlaneDirections directions, IModel model, RegressionSet test, RegressionSet train, IReadOnlyList<TrajectoryRecord> records, bool trainLoss = true)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(records);
        var result = new RecordProjection[records.Count];
        if (directions.Line is null && directions.Kind != PlaneKind.Weights)
        {
            _ = directions.Projector; // made once, before the threads share it
        }

        // Records are independent (two passes over the data each): in parallel, each with its own buffers.
        Parallel.For(
            0,
            records.Count,
            () => (Theta: new double[model.ParameterCount], Residual: new double[model.ParameterCount]),
            (k, _, buffers) =>
            {
                result[k] = ProjectRecord(directions, model, test, trainLoss ? train : null, records[k], buffers.Theta, buffers.Residual);
                return buffers;
            },
            _ => { });
        return result;
    }

    private static RecordProjection ProjectRecord(PlaneDirections directions, IModel model, RegressionSet test, RegressionSet? train, TrajectoryRecord record, double[] theta, double[] residual)
    {
        var parameters = record.Parameters;
        double a, b, distance;
        if (directions.Line is { } line)
        {
            (a, distance) = line.Project(parameters);
            b = 0;
            line.PointAt(a, theta);
        }
        else if (directions.Kind == PlaneKind.Weights)
        {
            // The seed's coordinates exactly as trajectory.csv always had them; the distance from their residual.
            var plane = directions.Plane!;
            (a, b) = plane.Project(parameters);
            plane.PointAt(a, b, theta);
            for (var i = 0; i < theta.Length; i++)
            {
                residual[i] = parameters[i] - theta[i];
            }

            distance = DirectionNormalizer.Norm(residual);
        }
        else
        {
            (a, b, distance) = directions.Projector.Project(parameters);
            directions.Plane!.PointAt(a, b, theta);
        }

        var finite = double.IsFinite(a) && double.IsFinite(b);
        var surfaceLoss = finite ? model.Loss(theta, test.X, test.Y) : double.NaN;
        var surfaceTrainLoss = finite && train is not null ? model.Loss(theta, train.X, train.Y) : double.NaN;
        return new RecordProjection(a, b, distance, record.TestLoss, surfaceLoss, surfaceTrainLoss);
    }

    /// <summary>Whether the records' training loss at their projection is drawn: on a line, or a training-loss or gap surface.</summary>
    public static bool DrawsTrainLossAtProjection(ExperimentOptions options, PlaneDirections directions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(directions);
        return directions.Line is not null || (options.Surfaces & (SurfaceQuantities.Train | SurfaceQuantities.Gap)) != 0;
    }

    /// <summary>The grid before extension: --w1/--w2 on the weights plane, --a-range/--b-range (default per plane) otherwise.</summary>
    public static (GridAxis A, GridAxis B) BaseGrid(ExperimentOptions options, PlaneKind kind)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            PlaneKind.Weights => (options.W1, options.W2),
            PlaneKind.Points => (options.ARange ?? PipelineValidation.DefaultPointsRange, options.BRange ?? PipelineValidation.DefaultPointsRange),
            _ => (options.ARange ?? PipelineValidation.DefaultRange, options.BRange ?? PipelineValidation.DefaultRange),
        };
    }

    /// <summary>
    /// The surfaces the options ask for on the grid by <see cref="PlaneSurfaceEvaluator"/> (the seed's exact evaluator
    /// for its network), with a classifier's accuracy when asked. Returns them with the seconds taken.
    /// </summary>
    public static (PlaneSurfaces Surfaces, double Seconds) Surfaces(StageContext context, PlaneGrid grid)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(grid);
        var (options, model, train, test, progress, cancellationToken) = (context.Options, context.Model, context.Train, context.Test, context.Progress, context.CancellationToken);
        var (plane, a, b) = (grid.Plane, grid.A, grid.B);
        var clock = Stopwatch.StartNew();
        var quantities = options.Surfaces & SurfaceQuantities.All;
        var sets = ((quantities & (SurfaceQuantities.Test | SurfaceQuantities.Gap)) != 0 ? 1 : 0) + ((quantities & (SurfaceQuantities.Train | SurfaceQuantities.Gap)) != 0 ? 1 : 0);
        progress?.Start(ExperimentStage.Surface, a.Count * sets);
        var surfaces = PlaneSurfaceEvaluator.Evaluate(
            model,
            plane,
            a,
            b,
            test,
            train,
            new PlaneSurfaceOptions { Quantities = quantities, Precision = options.Precision ?? SurfacePrecision.Single },
            () => progress?.Advance(ExperimentStage.Surface),
            cancellationToken);
        if ((options.Surfaces & SurfaceQuantities.Accuracy) != 0 && model.Capability<IClassifier>() is { } classifier)
        {
            surfaces = surfaces with { Accuracy = AccuracySurface.Evaluate(classifier, plane, a, b, test, cancellationToken) };
        }

        return (surfaces, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The first surface computed: test, else training, else the gap.</summary>
    public static LossSurface Primary(PlaneSurfaces surfaces)
    {
        ArgumentNullException.ThrowIfNull(surfaces);
        return surfaces.Test ?? surfaces.Train ?? surfaces.Gap ?? throw new ArgumentException("no surface was computed", nameof(surfaces));
    }

    /// <summary>
    /// The line's losses (<see cref="Line(ExperimentOptions, IModel, RegressionSet, RegressionSet, ParameterLine, IReadOnlyList{RecordProjection}, ValueTuple{string, string})"/>)
    /// on the context's data, timed, with its notice (if the range grew) posted; <paramref name="subject"/> says what left
    /// the range ("trajectory", "leaves" or "paths", "leave").
    /// </summary>
    internal static (LineProfile Profile, string? Notice, double Seconds) Line(StageContext context, ParameterLine line, IReadOnlyList<RecordProjection> projections, (string Noun, string Verb) subject)
    {
        var clock = Stopwatch.StartNew();
        var (profile, notice) = Line(context.Options, context.Model, context.Train, context.Test, line, projections, subject);
        if (notice is not null)
        {
            context.Progress?.Notice(notice);
        }

        return (profile, notice, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The test and training losses along the line at the options' α values, grown to cover the records' α.</summary>
    public static (LineProfile Profile, string? Notice) Line(ExperimentOptions options, IModel model, RegressionSet train, RegressionSet test, ParameterLine line, IReadOnlyList<RecordProjection> projections, (string Noun, string Verb) subject)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(projections);
        var alpha = options.Alpha ?? PipelineValidation.DefaultAlpha;
        string? notice = null;
        if (options.ExtendGrid)
        {
            var covered = GridCovering.Extend(alpha, projections.Select(p => p.A)) switch
            {
                AxisCover.Covered grown => grown,
                AxisCover.TooLarge tooLarge => throw new InvalidOptionException("no-extend", tooLarge.Message),
                _ => throw new UnreachableException(),
            };

            alpha = covered.Axis;
            if (covered.Grew)
            {
                notice = FormattableString.Invariant($"The {subject.Noun} {subject.Verb} the line's range: extended it with the same step to α {alpha[0]:G10}..{alpha[alpha.Count - 1]:G10} ({alpha.Count} points); «no-extend» keeps the given range.");
            }
        }

        var values = alpha.Values.ToArray();
        return (new LineProfile
        {
            Line = line,
            Alpha = alpha,
            TestLoss = line.Losses(model, values, test.X, test.Y),
            TrainLoss = line.Losses(model, values, train.X, train.Y),
        }, notice);
    }

    /// <summary>
    /// Critical points and the curvature along the records on the test surface, by <see cref="Calculus"/>. Empty when no
    /// test surface was computed or the model gives no gradients (the analysis is built on them).
    /// </summary>
    public static SurfaceAnalysis Analyze(IModel model, PlaneDirections directions, PlaneSurfaces surfaces, RegressionSet test, IReadOnlyList<TrajectoryRecord>? records)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(surfaces);
        ArgumentNullException.ThrowIfNull(test);
        if (surfaces.Test is not { } surface || !model.HasGradient)
        {
            var primary = Primary(surfaces);
            return new SurfaceAnalysis { CriticalPoints = [], Valley = [], Trajectory = [], Axis1Name = primary.Axis1Name, Axis2Name = primary.Axis2Name, Hidden = 0 };
        }

        var calculus = Calculus(model, directions, test);
        var description = calculus is PlaneCalculus ? null : PlaneDescription.Describe(directions, surface.Axis1Name, surface.Axis2Name);
        return SurfaceAnalysis.Analyze(calculus, surface, records, description);
    }

    /// <summary>
    /// The loss on the plane with its exact derivatives: the seed's analytic <see cref="PlaneCalculus"/> for its network on
    /// its weights plane, else <see cref="MlpPlaneCalculus.For"/> (forward mode for a dense network, else differences of
    /// exact gradients).
    /// </summary>
    public static IPlaneCalculus Calculus(IModel model, PlaneDirections directions, RegressionSet data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(data);
        var plane = directions.Plane!;
        return directions.Kind == PlaneKind.Weights && model.Capability<ISeedNetwork>() is { } seed
            ? new PlaneCalculus(seed, plane, data)
            : MlpPlaneCalculus.For(model, plane, data.X, data.Y);
    }
}
