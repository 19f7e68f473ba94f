using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Landscape;
using LossLandscape.Surface;
using LossLandscape.Testing;
using LossLandscape.Training;

namespace LossLandscape.Tests.Training;

public sealed class SeedTrainingTests
{
    [Fact]
    public void UnshuffledTrajectoryMatchesPyTorchWithin1e4()
    {
        var result = LandscapePipeline.Run(new ExperimentOptions
        {
            Training = new TrainingOptions { Shuffle = false },
            W1 = new GridAxis(-2, 2, 0.5),
            W2 = new GridAxis(-2, 2, 0.5),
        });
        var reference = Reference.Seed.GetProperty("trajectory_no_shuffle").EnumerateArray().Select(Reference.Doubles).ToArray();
        Assert.Equal(reference.Length, result.Paths[0].Trajectory.Records.Count);
        for (var k = 0; k < reference.Length; k++)
        {
            var record = result.Paths[0].Trajectory.Records[k];
            Assert.Equal(k, record.Epoch);
            Assert.Equal(k * 250, record.Step);
            Assert.True(Math.Abs(reference[k][0] - record.Parameters[0]) <= 1e-4, $"epoch {k} w1 {record.Parameters[0]:R} vs {reference[k][0]:R}");
            Assert.True(Math.Abs(reference[k][1] - record.Parameters[1]) <= 1e-4, $"epoch {k} w2 {record.Parameters[1]:R} vs {reference[k][1]:R}");
            Assert.True(Math.Abs(reference[k][2] - record.TestLoss) <= 1e-4 * reference[k][2], $"epoch {k} loss {record.TestLoss:R} vs {reference[k][2]:R}");
        }
    }

    [Fact]
    public void ShuffledTrainingIsReproducibleAndDependsOnTheSeed()
    {
        static double[] Final(uint seed) => LandscapePipeline.Run(new ExperimentOptions
        {
            Data = new DataOptions { Samples = 1000 },
            Training = new TrainingOptions { Epochs = 3, ShuffleSeed = seed },
            W1 = new GridAxis(-2, 2, 0.5),
            W2 = new GridAxis(-2, 2, 0.5),
        }).Paths[0].Records[^1].Parameters;

        Assert.Equal(Final(7), Final(7));
        Assert.NotEqual(Final(7), Final(8));
    }

    [Fact]
    public void RecordingEveryStepGivesOneRecordPerStep()
    {
        var result = LandscapePipeline.Run(new ExperimentOptions
        {
            Data = new DataOptions { Samples = 500 },
            Training = new TrainingOptions { Epochs = 2, BatchSize = 64, Record = RecordEvery.Step },
        });
        var stepsPerEpoch = (int)Math.Ceiling(400 / 64.0);
        Assert.Equal(1 + (2 * stepsPerEpoch), result.Paths[0].Trajectory.Records.Count);
        Assert.Equal(Enumerable.Range(0, 1 + (2 * stepsPerEpoch)), result.Paths[0].Trajectory.Records.Select(r => r.Step));
        Assert.Equal(2, result.Paths[0].Trajectory.Records[^1].Epoch);
    }

    [Fact]
    public void RecordedTestLossIsTheExactMeanAtTheRecordedWeights()
    {
        var result = LandscapePipeline.Run(new ExperimentOptions { Training = new TrainingOptions { Epochs = 2 } });
        foreach (var record in result.Paths[0].Trajectory.Records)
        {
            Assert.Equal(result.Model.Loss(record.Parameters, result.Test.X, result.Test.Y), record.TestLoss);
            Assert.Equal(result.Model.Loss(record.Parameters, result.Train.X, result.Train.Y), record.TrainLoss);
        }
    }

    [Fact]
    public void DefaultTrajectoryLeavesTheGridAndTheExtendedGridCoversIt()
    {
        var result = LandscapePipeline.Run(new ExperimentOptions());
        Assert.NotNull(result.GridExtension);
        var w1 = result.Paths[0].Trajectory.Records.Select(r => r.Parameters[0]).ToArray();
        Assert.True(w1.Min() < -3, "the article's path goes past w1 = -3");
        Assert.True(result.OnPlane.Surface!.Axis1[0] < w1.Min());
        Assert.True(result.OnPlane.Surface!.Axis1[result.OnPlane.Surface.Axis1.Count - 1] >= 1.9);
        Assert.Equal(0.05, result.OnPlane.Surface!.Axis1.Step);
    }

    [Fact]
    public void NoExtendKeepsTheGivenGrid()
    {
        var result = LandscapePipeline.Run(new ExperimentOptions { ExtendGrid = false, Training = new TrainingOptions { Epochs = 25 } });
        Assert.Null(result.GridExtension);
        Assert.Equal(80, result.OnPlane.Surface!.Axis1.Count);
        Assert.Equal(-2, result.OnPlane.Surface!.Axis1[0]);
    }

    [Fact]
    public void ExactMeanDiffersFromTheArticlesMeanOfBatchMeans()
    {
        // The article averages 63 batch means of 32 (the last batch has 16 points); we average all 2000 squared errors.
        var result = LandscapePipeline.Run(new ExperimentOptions { Training = new TrainingOptions { Epochs = 0 } });
        double[] theta = [-1, -1];
        var exact = result.Model.Loss(theta, result.Test.X, result.Test.Y);
        var batchMeans = new List<double>();
        for (var start = 0; start < result.Test.Count; start += 32)
        {
            var count = Math.Min(32, result.Test.Count - start);
            batchMeans.Add(result.Model.Loss(theta, result.Test.X.AsSpan(start, count), result.Test.Y.AsSpan(start, count)));
        }

        Assert.Equal(63, batchMeans.Count);
        Assert.NotEqual(exact, batchMeans.Average());
        Assert.Equal(98.22456717051634, exact, 1e-9);
    }

    [Fact]
    public void HugeLearningRateIsReportedAsDivergence()
    {
        var result = LandscapePipeline.Run(new ExperimentOptions
        {
            Data = new DataOptions { Samples = 1000 },
            Optimizer = new LossLandscape.Optim.OptimizerSettings { LearningRate = LossLandscape.Limits.MaxLearningRate },
            Training = new TrainingOptions { Epochs = 5 },
        });
        Assert.True(result.Paths[0].Trajectory.Diverged);
        Assert.All(result.Paths[0].Trajectory.Records, r => Assert.True(double.IsFinite(r.TestLoss)));
        Assert.All(result.OnPlane.Surface!.Values, v => Assert.True(double.IsFinite(v)));
    }
}
