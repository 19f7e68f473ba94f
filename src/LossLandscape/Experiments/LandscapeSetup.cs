using System.Diagnostics;
using System.Globalization;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Pipeline;
using LossLandscape.Optim;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>
/// The steps a single run and a race share: the data and its split, the model, the grid grown to
/// cover the paths, and the surface on it.
/// </summary>
internal sealed class LandscapeSetup
{
    private LandscapeSetup(Dataset data, TrainTestSplit split, RegressionSet train, RegressionSet test, IModel model, double dataSeconds)
    {
        Data = data;
        Split = split;
        Train = train;
        Test = test;
        Model = model;
        DataSeconds = dataSeconds;
    }

    /// <summary>All drawn points.</summary>
    public Dataset Data { get; }

    /// <summary>The train/test indices.</summary>
    public TrainTestSplit Split { get; }

    /// <summary>The training pairs.</summary>
    public RegressionSet Train { get; }

    /// <summary>The test pairs.</summary>
    public RegressionSet Test { get; }

    /// <summary>The model.</summary>
    public IModel Model { get; }

    /// <summary>Seconds spent drawing and splitting the data.</summary>
    public double DataSeconds { get; }

    /// <summary>Draws the data, splits it and gathers the pairs (the data stage), then builds the model.</summary>
    public static LandscapeSetup Prepare(ExperimentOptions options, IExperimentProgress? progress)
    {
        var clock = Stopwatch.StartNew();
        progress?.Start(ExperimentStage.Data, 1);
        var (data, split) = options.Data.File is null
            ? (Dataset.Generate(options.Data), TrainTestSplit.Create(options.Data.Samples, options.Data.TestFraction, options.Data.Seed))
            : ArrayData.IsArrayFile(options.Data.File) ? ArrayData.Load(options.Data, options.Classes) : CsvData.Load(options.Data, options.Classes);
        if (options.Data.File is not null)
        {
            options.ValidateAgainstData(data.Inputs, split.Train.Length);
        }

        var train = RegressionSet.Gather(data, split.Train);
        var test = RegressionSet.Gather(data, split.Test);
        progress?.Advance(ExperimentStage.Data);
        var dataSeconds = clock.Elapsed.TotalSeconds;

        return new LandscapeSetup(data, split, train, test, ModelLoader.Load(options.ModelSource).OrThrow(), dataSeconds);
    }

    /// <summary>
    /// Trains the network from <paramref name="initial"/> on the training pairs with <paramref name="optimizer"/> and
    /// its schedule, advancing the training stage once per epoch.
    /// </summary>
    public Trajectory TrainFrom(ReadOnlySpan<double> initial, OptimizerSettings optimizer, TrainingOptions training, IExperimentProgress? progress) =>
        Trainer.Train(
            Model,
            initial,
            Train,
            Test,
            optimizer.CreateOptimizer(),
            optimizer.CreateSchedule(training.Epochs),
            training,
            _ => progress?.Advance(ExperimentStage.Training));

    /// <summary>
    /// The options' grid, grown by <see cref="Experiment.Extend"/> to cover <paramref name="points"/> when extension is
    /// on, with the notice to print when it grew. Throws <see cref="InvalidOptionException"/> (for --no-extend) when
    /// the grid cannot grow that far or would exceed <see cref="SurfaceEvaluator.MaxPoints"/>.
    /// </summary>
    /// <param name="options">The options with the grid and the extension switch.</param>
    /// <param name="points">The plane coordinates to cover.</param>
    /// <param name="subject">What is covered, for messages: "trajectory" or "paths".</param>
    /// <param name="leaves">The verb for the notice: "leaves" or "leave".</param>
    public static (GridAxis W1, GridAxis W2, string? Notice) CoveringGrid(ExperimentOptions options, IReadOnlyCollection<(double A, double B)> points, string subject, string leaves) =>
        CoveringGrid(options.W1, options.W2, options.ExtendGrid, points, subject, leaves);

    /// <summary>The grid <paramref name="w1"/> × <paramref name="w2"/>, grown as <see cref="CoveringGrid(ExperimentOptions, IReadOnlyCollection{ValueTuple{double, double}}, string, string)"/> does.</summary>
    public static (GridAxis W1, GridAxis W2, string? Notice) CoveringGrid(GridAxis w1, GridAxis w2, bool extend, IReadOnlyCollection<(double A, double B)> points, string subject, string leaves, (string A, string B)? axisNames = null)
    {
        var names = axisNames ?? ("w1", "w2");
        string? notice = null;
        if (extend)
        {
            (w1, var grew1) = Experiment.Extend(w1, points.Select(c => c.A));
            (w2, var grew2) = Experiment.Extend(w2, points.Select(c => c.B));
            if (grew1 || grew2)
            {
                notice = string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {subject} {leaves} the grid: extended it with the same step to {names.A} {w1[0]:G10}..{w1[w1.Count - 1]:G10} ({w1.Count} points) × {names.B} {w2[0]:G10}..{w2[w2.Count - 1]:G10} ({w2.Count} points); «no-extend» keeps the given grid.");
            }
        }

        if ((long)w1.Count * w2.Count > SurfaceEvaluator.MaxPoints)
        {
            throw new InvalidOptionException("no-extend", $"covering the {subject} needs a {w1.Count} × {w2.Count} grid, more than {SurfaceEvaluator.MaxPoints} points; use «no-extend» or a larger step");
        }

        return (w1, w2, notice);
    }
}
