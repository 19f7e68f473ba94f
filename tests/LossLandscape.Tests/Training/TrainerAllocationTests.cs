using LossLandscape.Nn;
using LossLandscape.Optim;
using LossLandscape.Training;

namespace LossLandscape.Tests.Training;

public sealed class TrainerAllocationTests
{
    [Fact]
    public void StepsAllocateNothingOnlyRecordsDo()
    {
        // 250 steps per epoch: even 8 bytes per step would add 2,000 bytes per epoch; a record costs a few hundred.
        var train = ScalarReference.SeedTrainSet();
        var test = ScalarReference.SeedTestSet();
        var network = new TanhNetwork(1);
        long Allocated(int epochs)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Train(network, [-1.0, -1.0], train, test, new Sgd(), new ConstantSchedule(0.01), new TrainingOptions { Epochs = epochs });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(2);
        var perEpoch = (Allocated(21) - Allocated(1)) / 20.0;
        Assert.True(perEpoch < 500, $"{perEpoch} bytes per epoch of 250 steps");
    }
}
