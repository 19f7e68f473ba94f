using LossLandscape.Models;
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

    [Fact]
    public void MlpStepsAllocateNothingEither()
    {
        var train = ScalarReference.SeedTrainSet();
        var test = ScalarReference.SeedTestSet();
        var model = new Mlp(new MlpSpec([1, 16, 16, 1], Activation.Gelu, Bias: true));
        var start = model.Initialize(0);
        long Allocated(int epochs)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Train(model, start, train, test, new Adam(), new ConstantSchedule(0.001), new TrainingOptions { Epochs = epochs });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(1);
        var perEpoch = (Allocated(6) - Allocated(1)) / 5.0;

        // An Adam record holds a copy of the 321 parameters and of Adam's preconditioner P (about 2.6 kB each, for the
        // preconditioned sharpness); 250 steps of even 8 bytes would add 2 kB more.
        Assert.True(perEpoch < 6_000, $"{perEpoch} bytes per epoch of 250 steps");
    }
}
