using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Training;

namespace LossLandscape.Tests.Training;

/// <summary>Records' losses computed beside the training loop (nobody streams them) equal those computed inline.</summary>
public sealed class DeferredRecordLossesTests
{
    [Theory]
    [InlineData(RecordEvery.Epoch, 0.01)]
    [InlineData(RecordEvery.Step, 0.01)]
    [InlineData(RecordEvery.Step, 40.0)] // diverges within the first epoch: the records up to it still get their losses
    public void DeferredLossesEqualInlineOnesBitForBit(RecordEvery every, double rate)
    {
        var train = ScalarReference.SeedTrainSet();
        var test = ScalarReference.SeedTestSet();
        var model = new Mlp(new MlpSpec([1, 8, 8, 1], Activation.Tanh, Bias: true));
        var start = model.Initialize(3);
        var options = new TrainingOptions { Epochs = every == RecordEvery.Step ? 1 : 4, Record = every };
        var deferred = Trainer.Train(model, start, train, test, new Sgd(), new ConstantSchedule(rate), options);
        var inline = Trainer.Train(model, start, train, test, new Sgd(), new ConstantSchedule(rate), options, onRecord: _ => { });

        Assert.Equal(inline.Records.Count, deferred.Records.Count);
        Assert.Equal(inline.Divergence, deferred.Divergence);
        Assert.Equal(rate > 1, deferred.Divergence is not null);
        Assert.True(deferred.Records.Count >= (every == RecordEvery.Step && rate < 1 ? 251 : 2));
        for (var k = 0; k < inline.Records.Count; k++)
        {
            var (a, b) = (inline.Records[k], deferred.Records[k]);
            Assert.Equal(a.Parameters, b.Parameters);
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.TestLoss), BitConverter.DoubleToInt64Bits(b.TestLoss));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.TrainLoss), BitConverter.DoubleToInt64Bits(b.TrainLoss));
            Assert.Equal(model.Loss(b.Parameters, test.X, test.Y), b.TestLoss);
        }
    }
}
