using LossLandscape.Cli.Infrastructure;
using LossLandscape.Curvature;
using LossLandscape.Data;
using LossLandscape.Options;
using LossLandscape.Experiments;
using LossLandscape.Pipeline;
using LossLandscape.Surface;

namespace LossLandscape.Cli.Commands;

/// <summary>The full Hessian's curvature options and <c>--batch-size full</c>.</summary>
public partial class RunSettings
{
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
            Schedule = Text("curvature") is null ? null : Get<CurvatureSchedule>("curvature"),
            Top = Values.Parsed<int>("curvature-top"),
            Trace = Flag("curvature-trace"),
            Probes = Values.Parsed<int>("probes"),
            Tolerance = Values.Parsed<double>("curvature-tolerance"),
            Loss = Values.Parsed<CurvatureLoss>("curvature-loss"),
            PerLayer = Flag("per-layer"),
        };
        return curvature.Any ? options with { Curvature = curvature } : options;
    }

    /// <summary>True for <c>--batch-size full</c>: every step on the whole training set (full-batch gradient descent).</summary>
    private bool IsFullBatch => Get<BatchSize>("batch-size").IsFull;

    /// <summary>The minibatch size as parsed: a placeholder of 1 for <c>full</c> (<see cref="WithCurvature"/> sets the training set's size).</summary>
    private int ParsedBatchSize => IsFullBatch ? 1 : Get<BatchSize>("batch-size").Size;
}
