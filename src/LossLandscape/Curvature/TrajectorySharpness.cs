using System.Diagnostics;
using LossLandscape.Training;

namespace LossLandscape.Curvature;

/// <summary>The full Hessian's top eigenvalues (and trace) at records of a trajectory, next to the optimizer's stability limit.</summary>
public static class TrajectorySharpness
{
    /// <summary>
    /// Analyses the records <paramref name="schedule"/> selects: the top-k eigenvalues (each record's iteration starts
    /// from the previous record's top eigenvector) and, with <see cref="CurvatureSettings.Trace"/>, Hutchinson's trace.
    /// A record where the curvature is not finite gets a row with <see cref="SharpnessRecord.Failure"/> set.
    /// </summary>
    public static SharpnessTrace Compute(
        MlpHessian hessian,
        IReadOnlyList<TrajectoryRecord> records,
        CurvatureSchedule schedule,
        CurvatureSettings settings,
        StabilityThreshold threshold,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(threshold);
        var errors = settings.ValidateFor(hessian.Dimension);
        if (errors.Count > 0)
        {
            throw errors[0];
        }

        var clock = Stopwatch.StartNew();
        var rows = new List<SharpnessRecord>();
        double[]? previous = null;
        double[]? previousPreconditioned = null;
        var done = 0;
        foreach (var index in schedule.Select(records))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = records[index];
            var limit = threshold.Preconditioned ? null : threshold.At(record.LearningRate);
            try
            {
                hessian.MoveTo(record.Parameters);
                if (!double.IsFinite(hessian.Loss))
                {
                    throw new ArithmeticException($"the loss is {hessian.Loss}");
                }

                var top = Lanczos.Top(hessian, settings.Top, settings.Tolerance, settings.Iterations, settings.Seed, previous);
                previous = top.Vectors[0];
                var trace = settings.Trace ? HutchinsonTrace.Estimate(hessian, settings.Probes, settings.Seed + 1, []).Total : null;
                double? preconditioned = null;
                if (threshold.Preconditioned && record.Preconditioner is { } diagonal)
                {
                    // Adam: λmax(P⁻¹H) through the symmetric P^(−1/2)·H·P^(−1/2), against (2 + 2β₁)/((1 − β₁)·lr).
                    var adaptive = Lanczos.Top(new PreconditionedHessian(hessian, diagonal), 1, settings.Tolerance, settings.Iterations, settings.Seed, previousPreconditioned);
                    preconditioned = adaptive.Values[0];
                    previousPreconditioned = adaptive.Vectors[0];
                }

                rows.Add(new SharpnessRecord(record.Epoch, record.Step, top.Values, top.Residuals, top.Converged, trace, record.LearningRate, limit, null)
                {
                    PreconditionedSharpness = preconditioned,
                    PreconditionedLimit = preconditioned is null ? null : threshold.At(record.LearningRate),
                });
            }
            catch (ArithmeticException error)
            {
                previous = null;
                previousPreconditioned = null;
                rows.Add(new SharpnessRecord(record.Epoch, record.Step, [], [], false, null, record.LearningRate, limit, error.Message));
            }

            progress?.Report(++done);
        }

        return new SharpnessTrace(rows, threshold.Note, clock.Elapsed.TotalSeconds);
    }
}

/// <summary>The curvature at the analysed records of a trajectory.</summary>
/// <param name="Records">One row per analysed record, in order.</param>
/// <param name="StabilityNote">What the stability limit means for this optimizer, or why there is none.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record SharpnessTrace(IReadOnlyList<SharpnessRecord> Records, string StabilityNote, double Seconds);

/// <summary>The curvature at one record.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Step">Optimizer steps taken.</param>
/// <param name="Top">The top-k eigenvalues, largest first (empty on failure).</param>
/// <param name="Residuals">Their residual bounds.</param>
/// <param name="Converged">True when every eigenvalue met the tolerance.</param>
/// <param name="Trace">Hutchinson's trace, or null.</param>
/// <param name="LearningRate">The learning rate in force.</param>
/// <param name="StabilityLimit">The limit on λmax at that rate (2/lr for gradient descent), or null when none applies.</param>
/// <param name="Failure">Why the curvature could not be computed here, or null.</param>
public sealed record SharpnessRecord(
    int Epoch,
    int Step,
    double[] Top,
    double[] Residuals,
    bool Converged,
    TraceEstimate? Trace,
    double LearningRate,
    double? StabilityLimit,
    string? Failure)
{
    /// <summary>λmax of P⁻¹H for an adaptive optimizer with a preconditioner P (Adam), or null.</summary>
    public double? PreconditionedSharpness { get; init; }

    /// <summary>The limit on <see cref="PreconditionedSharpness"/> at the record's rate ((2 + 2β₁)/((1 − β₁)·lr) for Adam), or null.</summary>
    public double? PreconditionedLimit { get; init; }

    /// <summary>λmax, or NaN on failure.</summary>
    public double Sharpness => Top.Length > 0 ? Top[0] : double.NaN;
}
