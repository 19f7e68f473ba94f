using LossLandscape.Curvature;
using LossLandscape.Training;

namespace LossLandscape.Tests.Curvature;

/// <summary>Curvature settings and schedules reject bad values with one error naming the option.</summary>
public sealed class CurvatureSettingsTests
{
    private static readonly int[] Steps = [0, 3, 6, 9, 12, 15, 16];

    [Fact]
    public void DefaultsAreValid() => Assert.Empty(new CurvatureSettings().Validate());

    [Theory]
    [InlineData(0.0, "tolerance")]
    [InlineData(1.0, "tolerance")]
    [InlineData(double.NaN, "tolerance")]
    public void ToleranceMustLieInTheOpenUnitInterval(double tolerance, string option)
    {
        var errors = new CurvatureSettings { Tolerance = tolerance }.Validate();
        Assert.Equal(option, Assert.Single(errors).Option);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void ProbeCountsBelowOneAreRejected(int probes)
    {
        var errors = new CurvatureSettings { Probes = probes, DensityProbes = probes }.Validate();
        Assert.Equal(["probes", "density-probes"], errors.Select(e => e.Option));
    }

    [Fact]
    public void TopKBeyondTheParametersAndAnUnknownLossAreRejected()
    {
        var errors = new CurvatureSettings { Top = 5, Loss = (CurvatureLoss)7 }.ValidateFor(4);
        Assert.Equal(["curvature-loss", "top-k"], errors.Select(e => e.Option));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("often")]
    public void CurvatureIntervalBelowOneIsRejected(string text)
    {
        var error = Assert.Throws<InvalidOptionException>(() => CurvatureSchedule.Parse(text));
        Assert.Equal("curvature", error.Option);
    }

    [Fact]
    public void EveryNStepsTakesTheFirstEachNewMultipleAndTheLast()
    {
        var records = Steps
            .Select(step => new TrajectoryRecord(0, step, [], 0, 0, 0.1))
            .ToArray();
        Assert.Equal([0, 2, 4, 5, 6], CurvatureSchedule.Parse("5").Select(records));
        Assert.Equal(Enumerable.Range(0, 7), CurvatureSchedule.Parse("every").Select(records));
    }

    [Fact]
    public void GradientDescentsLimitIsTwoOverLrAndAdamSaysItDoesNotApply()
    {
        var sgd = StabilityThreshold.For(new LossLandscape.Optim.Sgd());
        Assert.Equal(20.0, sgd.At(0.1));
        var adam = StabilityThreshold.For(new LossLandscape.Optim.Adam());
        Assert.True(adam.Preconditioned);
        Assert.Contains("2/lr does not apply", adam.Note, StringComparison.Ordinal);
        Assert.Equal(38.0, adam.Factor!.Value, 12);
    }
}
