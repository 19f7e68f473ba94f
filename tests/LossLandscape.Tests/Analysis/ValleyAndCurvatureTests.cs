using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Tests.Analysis;

public sealed class ValleyAndCurvatureTests
{
    [Fact]
    public void ValleyFloorIsBOverAAndTheLowestLossForEachW1()
    {
        var test = SeedSet.Test;
        var network = new TanhNetwork(1);
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), test);
        foreach (var w1 in new[] { -3.0, -1.2, -0.3, 0.05, 0.4, 2.5 })
        {
            var t = test.X.Select(x => Math.Tanh(w1 * x)).ToArray();
            var a = t.Average(v => v * v);
            var b = t.Zip(test.Y, (v, y) => v * y).Average();
            var (best, loss) = calculus.BestB(w1);
            Assert.Equal(b / a, best, 1e-10 * Math.Abs(b / a));
            Assert.Equal(calculus.Loss(w1, best), loss, 1e-9 * loss);
            Assert.True(Math.Abs(calculus.Evaluate(w1, best).GradientB) < 1e-9 * (1 + loss));
            Assert.True(calculus.Loss(w1, best + 0.01) > loss && calculus.Loss(w1, best - 0.01) > loss);
        }

        Assert.True(double.IsNaN(calculus.BestB(0).B), "at w1 = 0 the output is 0 for every w2");
    }

    [Fact]
    public void ValleyOfEqualUnitsDividesByTheirNumber()
    {
        var network = new TanhNetwork(3);
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), SeedSet.Test);
        var single = new PlaneCalculus(new TanhNetwork(1), SurfacePlane.Weights(new TanhNetwork(1)), SeedSet.Test);
        Assert.Equal(single.BestB(0.7).B / 3, calculus.BestB(0.7).B, 1e-12);
    }

    [Fact]
    public void SharpnessSeriesOfASeedRunMatchesFiniteDifferences()
    {
        var options = new DataOptions();
        var data = Dataset.Generate(options);
        var split = TrainTestSplit.Create(options.Samples, options.TestFraction, options.Seed);
        var train = RegressionSet.Gather(data, split.Train);
        var test = RegressionSet.Gather(data, split.Test);
        var network = new TanhNetwork(1);
        var trajectory = Trainer.Train(
            network,
            network.Uniform(-1, -1),
            train,
            test,
            new OptimizerSettings { LearningRate = 0.01 }.CreateOptimizer(),
            new OptimizerSettings { LearningRate = 0.01 }.CreateSchedule(epochs: 8),
            new TrainingOptions { Epochs = 8, BatchSize = 32, Shuffle = true, ShuffleSeed = 42 });
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), test);
        var series = TrajectoryCurvature.Compute(calculus, trajectory.Records);
        Assert.Equal(trajectory.Records.Count, series.Count);
        const double h = 1e-4;
        for (var k = 0; k < series.Count; k++)
        {
            var point = series[k];
            Assert.Equal(trajectory.Records[k].Parameters[0], point.A);
            Assert.Equal(trajectory.Records[k].TestLoss, point.Loss, 1e-10 * point.Loss);
            double a = point.A, b = point.B;
            double L(double p, double q) => calculus.Loss(p, q);
            var haa = (L(a + h, b) - (2 * L(a, b)) + L(a - h, b)) / (h * h);
            var hbb = (L(a, b + h) - (2 * L(a, b)) + L(a, b - h)) / (h * h);
            var hab = (L(a + h, b + h) - L(a + h, b - h) - L(a - h, b + h) + L(a - h, b - h)) / (4 * h * h);
            var (low, high) = PlaneDerivatives.SymmetricEigenvalues(haa, hab, hbb);
            Assert.True(Math.Abs(high - point.Sharpness) <= 1e-4 * (1 + Math.Abs(high)), $"record {k}: finite differences λmax {high:R}, analytic {point.Sharpness:R}");
            Assert.True(Math.Abs(low - point.Eigenvalue1) <= 1e-4 * (1 + Math.Abs(high)), $"record {k}: finite differences λmin {low:R}, analytic {point.Eigenvalue1:R}");
            var ga = (L(a + h, b) - L(a - h, b)) / (2 * h);
            var gb = (L(a, b + h) - L(a, b - h)) / (2 * h);
            Assert.Equal(Math.Sqrt((ga * ga) + (gb * gb)), point.GradientNorm, 1e-5 * (1 + point.GradientNorm));
            Assert.Equal(200, point.StabilityLimit, 1e-9);
            Assert.Equal(point.Sharpness > 200, point.Unstable);
        }
    }
}
