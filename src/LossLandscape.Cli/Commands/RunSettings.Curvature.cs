using LossLandscape.Cli.Infrastructure;
using LossLandscape.Curvature;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Landscape;
using LossLandscape.Surface;

namespace LossLandscape.Cli.Commands;

/// <summary>The full Hessian's curvature options of <c>run</c> and <c>--batch-size full</c>.</summary>
public partial class RunSettings
{
    /// <summary>--curvature.</summary>
    public string? Curvature { get; set; }

    /// <summary>--curvature-top.</summary>
    public string? CurvatureTop { get; set; }

    /// <summary>--curvature-trace.</summary>
    public bool CurvatureTrace { get; set; }

    /// <summary>--probes.</summary>
    public string? Probes { get; set; }

    /// <summary>--curvature-tolerance.</summary>
    public string? CurvatureTolerance { get; set; }

    /// <summary>--curvature-loss.</summary>
    public string? CurvatureLoss { get; set; }

    /// <summary>--per-layer.</summary>
    public bool PerLayer { get; set; }

    /// <summary>The curvature options of <c>run</c> and <c>compare</c> (which refuses --per-layer); a method, as the tables of other files use it while they are built.</summary>
    private protected static IReadOnlyList<SettingOption> CurvatureOptionTable() =>
    [
        SettingOption.Value<RunSettings>("curvature", "every|N", "λmax of the full Hessian (exact Hessian-vector products, Lanczos) at every record or every N steps, next to the optimizer's stability limit (2/lr for gradient descent); in analysis.json and as charts under contour.html (compare: every run's, in trajectories.csv, run.json and a chart in compare.html)", s => s.Curvature, (s, v) => s.Curvature = v),
        SettingOption.Value<RunSettings>("curvature-top", "K", $"--curvature: the K largest eigenvalues, 1 to {CurvatureSettings.MaxTop} and at most the parameters (default 1)", s => s.CurvatureTop, (s, v) => s.CurvatureTop = v),
        SettingOption.Flag<RunSettings>("curvature-trace", "--curvature: also the trace by Hutchinson's estimator (Rademacher probes), with its standard error", s => s.CurvatureTrace, (s, v) => s.CurvatureTrace = v),
        SettingOption.Value<RunSettings>("probes", "N", $"--curvature-trace: probe vectors, 1 to 100000 (default {CurvatureOptions.DefaultProbes})", s => s.Probes, (s, v) => s.Probes = v),
        SettingOption.Value<RunSettings>("curvature-tolerance", "TOL", "--curvature, --surface sharpness: relative tolerance, in (0, 1) (default 1e-6): of the eigenvalues' residuals along the path; of λmax's error bound on the sharpness map", s => s.CurvatureTolerance, (s, v) => s.CurvatureTolerance = v),
        SettingOption.Value<RunSettings>("curvature-loss", "WHICH", "--curvature, --surface sharpness: the Hessian of the train|test loss (default train, the loss being optimised)", s => s.CurvatureLoss, (s, v) => s.CurvatureLoss = v),
        SettingOption.Flag<RunSettings>("per-layer", "--curvature: each layer's diagonal block too (top eigenvalues, trace) at the final record", s => s.PerLayer, (s, v) => s.PerLayer = v),
    ];

    /// <summary>True for the settings of <c>run</c> (not <c>compare</c>): the sharpness surface is its own.</summary>
    private bool HasSharpnessSurface => this is not CompareSettings;

    /// <summary>The words --surface takes: compare's have no sharpness surface.</summary>
    private (string Word, SurfaceQuantities Value)[] SurfaceWords() => HasSharpnessSurface
        ? [("test", SurfaceQuantities.Test), ("train", SurfaceQuantities.Train), ("gap", SurfaceQuantities.Gap), ("sharpness", SurfaceQuantities.Test | SurfaceQuantities.Sharpness), ("all", SurfaceQuantities.All | SurfaceQuantities.Sharpness), ("accuracy", SurfaceQuantities.Test | SurfaceQuantities.Accuracy)]
        : [("test", SurfaceQuantities.Test), ("train", SurfaceQuantities.Train), ("gap", SurfaceQuantities.Gap), ("all", SurfaceQuantities.All), ("accuracy", SurfaceQuantities.Test | SurfaceQuantities.Accuracy)];

    /// <summary>Adds the curvature options and a full batch (<c>--batch-size full</c>) to <paramref name="options"/>.</summary>
    internal ExperimentOptions WithCurvature(ExperimentOptions options)
    {
        if (IsFullBatch)
        {
            // The seed's training set size is known before its data are drawn; a CSV file's only once it is read.
            options.Data.Validate();
            var train = options.Data.File is null ? TrainTestSplit.Sizes(options.Data.Samples, options.Data.TestFraction).Train : 1;
            options = options with { Training = options.Training with { BatchSize = train, FullBatch = true } };
        }

        var curvature = new CurvatureOptions
        {
            Schedule = Curvature is null ? null : CurvatureSchedule.Parse(Curvature),
            Top = CurvatureTop is null ? null : OptionValue.Int("--curvature-top", CurvatureTop),
            Trace = CurvatureTrace,
            Probes = Probes is null ? null : OptionValue.Int("--probes", Probes),
            Tolerance = CurvatureTolerance is null ? null : OptionValue.Double("--curvature-tolerance", CurvatureTolerance),
            Loss = CurvatureLoss is null ? null : Word("--curvature-loss", CurvatureLoss, ("train", LossLandscape.Curvature.CurvatureLoss.Train), ("test", LossLandscape.Curvature.CurvatureLoss.Test)),
            PerLayer = PerLayer,
        };
        return curvature.Any ? options with { Curvature = curvature } : options;
    }

    /// <summary>True for <c>--batch-size full</c>: every step on the whole training set (full-batch gradient descent).</summary>
    private bool IsFullBatch => string.Equals(BatchSize.Trim(), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>The minibatch size as parsed: a placeholder of 1 for <c>full</c> (<see cref="WithCurvature"/> sets the training set's size).</summary>
    private int ParsedBatchSize => IsFullBatch ? 1 : OptionValue.Int("--batch-size", BatchSize);
}
