using System.Diagnostics;
using System.Globalization;
using LossLandscape.Curvature;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>
/// The full Hessian's curvature of a run: λmax (top-k, trace) at the records <c>--curvature</c> selects,
/// next to the optimizer's stability limit; the spectral density (and per-layer blocks) at the final record; and with
/// <c>--surface sharpness</c> λmax at every grid point of the plane, at every record and at every record's projection.
/// </summary>
public static class CurvatureStage
{
    /// <summary>How the notice with the time estimate starts (a progress display may show it at once).</summary>
    public const string EstimatePrefix = "Curvature: about ";

    /// <summary>
    /// Computes what the options ask for (null when nothing): the loss is the training or test set's as
    /// <see cref="CurvatureOptions.Loss"/> says. Throws <see cref="InvalidOptionException"/> (<c>curvature</c>) for a
    /// model without Hessian-vector products.
    /// </summary>
    public static CurvatureResult? Run(StageContext context, Trajectory trajectory, PlaneGrid grid, IReadOnlyList<RecordProjection> projections)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(projections);
        var (options, model, train, test, progress, cancellationToken) = (context.Options, context.Model, context.Train, context.Test, context.Progress, context.CancellationToken);
        var (plane, a, b) = (grid.Plane, grid.A, grid.B);
        var curvature = options.Curvature ?? new CurvatureOptions();
        var map = (options.Surfaces & SurfaceQuantities.Sharpness) != 0;
        if (curvature.Schedule is null && !map)
        {
            return null;
        }

        var settings = curvature.PathSettings();
        var data = settings.Loss == CurvatureLoss.Test ? test : train;
        var hessian = HessianOperators.Create(model, data.X, data.Y);
        var records = trajectory.Records;
        var threshold = StabilityThreshold.For(options.Optimizer.CreateOptimizer());
        Estimate(options, curvature, hessian, records, a, b, map, progress);

        SharpnessTrace? path = null;
        int[] indices = [];
        CurvatureReport? final = null;
        var clock = Stopwatch.StartNew();
        if (curvature.Schedule is { } schedule)
        {
            indices = [.. schedule.Select(records)];
            progress?.Start(ExperimentStage.Curvature, indices.Length + 1);
            path = TrajectorySharpness.Compute(hessian, records, schedule, settings, threshold, new Counter(progress, ExperimentStage.Curvature), cancellationToken);
            try
            {
                final = CurvatureAnalysis.Analyze(hessian, records[^1].Parameters, curvature.FinalSettings());
            }
            catch (ArithmeticException error)
            {
                progress?.Notice($"warning: the curvature at the final record could not be computed ({error.Message}); analysis.json has no spectral density");
            }

            progress?.Advance(ExperimentStage.Curvature);
        }

        var pathSeconds = clock.Elapsed.TotalSeconds;
        SharpnessSurface? surface = null;
        double[]? atRecords = null, atProjections = null;
        if (map)
        {
            progress?.Start(ExperimentStage.Sharpness, a.Count + 2);
            var counter = new Counter(progress, ExperimentStage.Sharpness);
            surface = SharpnessSurface.Compute(hessian, plane, a, b, settings, counter, cancellationToken);
            atRecords = RecordSharpness(hessian, records, indices, path, settings, threshold, cancellationToken);
            progress?.Advance(ExperimentStage.Sharpness);
            atProjections = ProjectionSharpness(hessian, plane, projections, settings, cancellationToken);
            progress?.Advance(ExperimentStage.Sharpness);
        }

        return new CurvatureResult
        {
            Settings = curvature.FinalSettings(),
            Schedule = curvature.Schedule,
            Threshold = threshold,
            Path = path,
            PathIndices = indices,
            Final = final,
            Map = surface,
            RecordSharpness = atRecords,
            ProjectionSharpness = atProjections,
            PathSeconds = pathSeconds,
            MapSeconds = clock.Elapsed.TotalSeconds - pathSeconds,
        };
    }

    /// <summary>
    /// Estimated seconds of the curvature work, from the time of one Hessian-vector product: the path's records
    /// (Lanczos, trace probes), the final record's analysis and the map. A record after the first starts from its
    /// neighbour's eigenvector: measured, that takes about a quarter of a cold start's products (8 of 33 on the
    /// 1,32,32,1 MLP). A point of the map starts from its neighbour's Ritz subspace and stops on λmax's value: measured
    /// on 25 × 25 maps of the 1,32,32,1 MLP, 6.1 products a point on a plane near its start and 7.9 on the tool's plane
    /// around the trained model. Each point adds its own forward pass (about 1.2 products).
    /// </summary>
    public static double EstimateSeconds(CurvatureOptions curvature, int parameters, int layers, int analysedRecords, int records, long mapPoints, double secondsPerProduct, bool preconditioned = false, double? mapSecondsPerProduct = null)
    {
        ArgumentNullException.ThrowIfNull(curvature);
        var settings = curvature.PathSettings();
        long lanczos = Math.Min(parameters, Math.Min(settings.Iterations, 30 + (3 * settings.Top)));

        // Adam's records also take λmax(P⁻¹H), a second Lanczos iteration (of one eigenvalue).
        var adaptive = preconditioned ? Math.Min(parameters, Math.Min(settings.Iterations, 33)) : 0;
        var products = (long)analysedRecords * (lanczos + adaptive + (settings.Trace ? settings.Probes : 0));
        products += analysedRecords > 0 ? CurvatureAnalysis.EstimateProducts(curvature.FinalSettings(), parameters, layers) : 0;
        var warm = Math.Max(lanczos / 4, 4) + 2;
        products += mapPoints > 0 ? 2L * records * warm : 0;

        // A map point: about 8 products, but never more than the Krylov space holds (a model of P parameters is done
        // after P + 1), plus its forward pass.
        var mapProducts = mapPoints * (Math.Min(8, parameters + 1) + 2);
        return (products * secondsPerProduct) + (mapProducts * (mapSecondsPerProduct ?? secondsPerProduct));
    }

    private static void Estimate(ExperimentOptions options, CurvatureOptions curvature, MlpHessian hessian, IReadOnlyList<TrajectoryRecord> records, GridAxis a, GridAxis b, bool map, IExperimentProgress? progress)
    {
        if (progress is null)
        {
            return;
        }

        hessian.MoveTo(records[0].Parameters);
        var probe = new double[hessian.Dimension];
        var output = new double[hessian.Dimension];
        probe[0] = 1;

        // The fastest of a few products, for at most about 0.2 s: the first calls run before the compiler has
        // optimised the kernels and once overestimated a map tenfold.
        var perProduct = double.PositiveInfinity;
        var total = Stopwatch.StartNew();
        for (var t = 0; t < 80 && (t < 3 || total.Elapsed.TotalSeconds < 0.5); t++)
        {
            var clock = Stopwatch.StartNew();
            hessian.Multiply(probe, output);
            perProduct = Math.Min(perProduct, clock.Elapsed.TotalSeconds);
        }

        // The map runs one row per core, each product on its own core: a product's time on one core, shared by all.
        double? perMapProduct = null;
        if (map)
        {
            var parallel = hessian.Parallel;
            hessian.Parallel = false;
            var serial = double.PositiveInfinity;
            for (var t = 0; t < 20 && (t < 3 || total.Elapsed.TotalSeconds < 0.7); t++)
            {
                var clock = Stopwatch.StartNew();
                hessian.Multiply(probe, output);
                serial = Math.Min(serial, clock.Elapsed.TotalSeconds);
            }

            hessian.Parallel = parallel;
            perMapProduct = serial / Math.Max(1, Environment.ProcessorCount);
        }

        var analysed = curvature.Schedule?.Select(records).Count ?? 0;
        var preconditioned = StabilityThreshold.For(options.Optimizer.CreateOptimizer()).Preconditioned;
        var seconds = EstimateSeconds(curvature, hessian.Dimension, hessian.Model.Layout.LayerCount, analysed, records.Count, map ? (long)a.Count * b.Count : 0, perProduct, preconditioned, perMapProduct);
        if (seconds >= 1)
        {
            var what = string.Join(" and ", new[] { analysed > 0 ? $"{analysed} records" : null, map ? $"a {a.Count} × {b.Count} sharpness map" : null }.Where(s => s is not null));
            progress.Notice(string.Create(CultureInfo.InvariantCulture, $"{EstimatePrefix}{seconds:0} s for {what} of {hessian.Dimension} parameters on {hessian.Samples} points (one Hessian-vector product takes {perProduct * 1e3:0.##} ms)."));
        }
    }

    private static double[] RecordSharpness(MlpHessian hessian, IReadOnlyList<TrajectoryRecord> records, int[] indices, SharpnessTrace? path, CurvatureSettings settings, StabilityThreshold threshold, CancellationToken cancellationToken)
    {
        if (path is not null && indices.Length == records.Count)
        {
            return path.Records.Select(r => r.Sharpness).ToArray();
        }

        var every = TrajectorySharpness.Compute(hessian, records, CurvatureSchedule.EveryRecord, settings with { Top = 1, Trace = false }, threshold, null, cancellationToken);
        return every.Records.Select(r => r.Sharpness).ToArray();
    }

    private static double[] ProjectionSharpness(MlpHessian hessian, SurfacePlane plane, IReadOnlyList<RecordProjection> projections, CurvatureSettings settings, CancellationToken cancellationToken)
    {
        var values = new double[projections.Count];
        var theta = new double[hessian.Dimension];
        double[]? previous = null;
        for (var k = 0; k < values.Length; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = projections[k];
            values[k] = double.NaN;
            if (!double.IsFinite(p.A) || !double.IsFinite(p.B))
            {
                continue;
            }

            plane.PointAt(p.A, p.B, theta);
            hessian.MoveTo(theta);
            if (!double.IsFinite(hessian.Loss))
            {
                continue;
            }

            try
            {
                var top = Lanczos.Top(hessian, 1, settings.Tolerance, settings.Iterations, settings.Seed, previous);
                values[k] = top.Values[0];
                previous = top.Vectors[0];
            }
            catch (ArithmeticException)
            {
                previous = null;
            }
        }

        return values;
    }

    /// <summary>Turns a count of finished units into single advances of a stage.</summary>
    private sealed class Counter(IExperimentProgress? progress, ExperimentStage stage) : IProgress<int>
    {
        private int _done;

        public void Report(int value)
        {
            for (; _done < value; _done++)
            {
                progress?.Advance(stage);
            }
        }
    }
}

/// <summary>What the curvature stage computed.</summary>
public sealed record CurvatureResult
{
    /// <summary>The settings at the final record (the path's are the same without density, blocks and dense spectrum).</summary>
    public required CurvatureSettings Settings { get; init; }

    /// <summary>The records' schedule, or null when λmax was not asked for along the path.</summary>
    public CurvatureSchedule? Schedule { get; init; }

    /// <summary>The optimizer's stability limit and what it means.</summary>
    public required StabilityThreshold Threshold { get; init; }

    /// <summary>The curvature at the scheduled records, or null.</summary>
    public SharpnessTrace? Path { get; init; }

    /// <summary>The trajectory index of each row of <see cref="Path"/>.</summary>
    public IReadOnlyList<int> PathIndices { get; init; } = [];

    /// <summary>The full analysis at the final record (spectral density, per-layer blocks, exact spectrum of small models), or null.</summary>
    public CurvatureReport? Final { get; init; }

    /// <summary>λmax at every grid point (<c>--surface sharpness</c>), or null.</summary>
    public SharpnessSurface? Map { get; init; }

    /// <summary>λmax at every record (with the map), for the path drawn on it.</summary>
    public IReadOnlyList<double>? RecordSharpness { get; init; }

    /// <summary>λmax at every record's projection onto the plane (with the map).</summary>
    public IReadOnlyList<double>? ProjectionSharpness { get; init; }

    /// <summary>Seconds along the path and at the final record.</summary>
    public double PathSeconds { get; init; }

    /// <summary>Seconds of the map and the records' λmax for it.</summary>
    public double MapSeconds { get; init; }
}
