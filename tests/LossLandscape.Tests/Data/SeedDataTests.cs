using LossLandscape.Data;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Data;

public sealed class SeedDataTests
{
    private static readonly Dataset Data = Dataset.Generate(new DataOptions());

    [Fact]
    public void EveryXEqualsNumpyToTheBit()
    {
        var expected = Reference.Doubles(Reference.Seed.GetProperty("x"));
        Assert.Equal(10_000, expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(Data.X[i]),
                $"x[{i}]: expected {expected[i]:R}, got {Data.X[i]:R}");
        }
    }

    [Fact]
    public void EveryNoiseValueEqualsNumpyToTheBit()
    {
        var expected = Reference.Doubles(Reference.Seed.GetProperty("noise"));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(Data.Noise[i]),
                $"noise[{i}]: expected {expected[i]:R}, got {Data.Noise[i]:R}");
        }
    }

    [Fact]
    public void TargetsAreWithin1e12OfNumpy()
    {
        var expected = Reference.Doubles(Reference.Seed.GetProperty("y"));
        var worst = expected.Select((y, i) => Math.Abs(y - Data.Y[i])).Max();
        Assert.True(worst <= 1e-12, $"largest |y - numpy y| is {worst:R}");
    }

    [Fact]
    public void SplitIndicesEqualScikitLearn()
    {
        var split = TrainTestSplit.Create(10_000, 0.2, 42);
        Assert.Equal(Reference.Ints(Reference.Seed.GetProperty("test_idx")), split.Test);
        Assert.Equal(Reference.Ints(Reference.Seed.GetProperty("train_idx")), split.Train);
    }

    [Theory]
    [InlineData(10, 0.25, 7, 3)]
    [InlineData(10_000, 0.2, 8000, 2000)]
    [InlineData(3, 0.5, 1, 2)]
    public void SplitSizesFollowScikitLearnCeiling(int n, double fraction, int train, int test)
    {
        Assert.Equal((train, test), TrainTestSplit.Sizes(n, fraction));
    }

    [Fact]
    public void TargetFunctionFollowsThePiecesAtTheirBoundaries()
    {
        Assert.Equal((2 * -2.5) + 5, Dataset.TargetFunction(-2.5));
        Assert.Equal(7.3 * Math.Sin(-2.0), Dataset.TargetFunction(-2.0));
        Assert.Equal(7.3 * Math.Sin(1.999), Dataset.TargetFunction(1.999));
        Assert.Equal((-0.03 * 8) + 2, Dataset.TargetFunction(2.0), 15);
    }

    [Fact]
    public void PermutationIsAPermutationAndDependsOnTheSeed()
    {
        var a = new LegacyRandom(1).Permutation(1000);
        var b = new LegacyRandom(2).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void FirstRawOutputsMatchTheMersenneTwisterReference()
    {
        // init_genrand(5489) is MT19937's documented default; its first outputs are published with the algorithm.
        var random = new LegacyRandom(5489);
        Assert.Equal(3499211612u, random.NextUInt32());
        Assert.Equal(581869302u, random.NextUInt32());
        Assert.Equal(3890346734u, random.NextUInt32());
    }
}
