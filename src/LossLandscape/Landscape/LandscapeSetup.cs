using System.Diagnostics;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>The data stage and what training needs from it: the data and its split, the pairs, and the model.</summary>
public sealed class LandscapeSetup
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
}
