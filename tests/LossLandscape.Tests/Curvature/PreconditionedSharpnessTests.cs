using LossLandscape.Curvature;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Training;
using MathNet.Numerics.LinearAlgebra;

namespace LossLandscape.Tests.Curvature;

/// <summary>Adam's preconditioned sharpness λmax(P⁻¹H) (Cohen et al. 2022) along a trajectory, against a dense eigendecomposition.</summary>
public sealed class PreconditionedSharpnessTests
{
    [Fact]
    public void AdamRecordsGetTheDensePreconditionedSharpnessAndTheirLimit()
    {
        // 1,5,4,1 tanh with biases (39 parameters), 120 samples, full-batch Adam for 3 epochs: 4 records.
        var model = new Mlp(new MlpSpec([1, 5, 4, 1], Activation.Tanh, Bias: true));
        var random = new Random(21);
        var x = ScalarReference.Normal(random, 120, 1.5);
        var y = x.Select(Math.Sin).ToArray();
        var train = new RegressionSet(x, y);
        var test = new RegressionSet(x[..40], y[..40]);
        const double Rate = 0.05;
        var adam = new Adam(beta1: 0.9, beta2: 0.99);
        var trajectory = Trainer.Train(model, model.Initialize(2), train, test, adam, new ConstantSchedule(Rate), new TrainingOptions { Epochs = 3, BatchSize = 120, Shuffle = false });
        var records = trajectory.Records;
        Assert.Null(records[0].Preconditioner);
        Assert.All(records.Skip(1), r => Assert.NotNull(r.Preconditioner));

        var hessian = HessianOperators.Create(model, x, y);
        var threshold = StabilityThreshold.For(adam);
        var trace = TrajectorySharpness.Compute(hessian, records, CurvatureSchedule.EveryRecord, new CurvatureSettings { Tolerance = 1e-11, Trace = false }, threshold, null);

        Assert.Null(trace.Records[0].PreconditionedSharpness);
        for (var r = 1; r < records.Count; r++)
        {
            var row = trace.Records[r];
            Assert.Null(row.StabilityLimit);
            Assert.Equal(38 / Rate, row.PreconditionedLimit!.Value, 9);

            // P from Adam's state after r steps: (1 − β₁ʳ)(√(v/(1 − β₂ʳ)) + ε), then eig(P^(−1/2) H P^(−1/2)) densely.
            var p = records[r].Preconditioner!;
            hessian.MoveTo(records[r].Parameters);
            var h = DenseHessian.Build(hessian);
            var scaled = Matrix<double>.Build.Dense(h.RowCount, h.ColumnCount, (i, j) => h[i, j] / Math.Sqrt(p[i] * p[j]));
            var expected = DenseHessian.Eigenvalues(scaled).Max();
            Assert.True(Math.Abs(row.PreconditionedSharpness!.Value - expected) <= 1e-8 * Math.Abs(expected), $"record {r}: {row.PreconditionedSharpness:R} vs dense {expected:R}");

            // P⁻¹H has the same eigenvalues: its largest is not λmax(H).
            Assert.NotEqual(row.Sharpness, row.PreconditionedSharpness!.Value, 3);
        }
    }

    [Fact]
    public void AdamsPreconditionerFollowsItsSecondMoment()
    {
        var adam = new Adam(beta1: 0.8, beta2: 0.9, epsilon: 1e-3);
        var theta = new[] { 1.0, -2.0 };
        var destination = new double[2];
        Assert.False(adam.WritePreconditioner(destination));
        adam.Step(theta, [0.5, -3.0], 0.1);
        adam.Step(theta, [1.5, 2.0], 0.1);
        Assert.True(adam.WritePreconditioner(destination));

        // v after two steps: 0.9·0.1·g₁² + 0.1·g₂²; P = (1 − 0.8²)·(√(v/(1 − 0.9²)) + 1e-3).
        double[] v = [(0.9 * 0.1 * 0.25) + (0.1 * 2.25), (0.9 * 0.1 * 9) + (0.1 * 4)];
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal((1 - 0.64) * (Math.Sqrt(v[i] / (1 - 0.81)) + 1e-3), destination[i], 14);
        }
    }
}
