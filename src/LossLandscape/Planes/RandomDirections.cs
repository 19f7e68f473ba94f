using LossLandscape.Data;

namespace LossLandscape.Planes;

/// <summary>Raw Gaussian directions, drawn as numpy's <c>RandomState(seed).normal(size=P)</c> draws them, twice.</summary>
public static class RandomDirections
{
    /// <summary>d₁ then d₂, each <paramref name="count"/> standard normal values from a fresh generator seeded with <paramref name="seed"/>.</summary>
    public static (double[] D1, double[] D2) Draw(uint seed, int count) => Draw(new LegacyRandom(seed), count);

    /// <summary>d₁ then d₂ from <paramref name="random"/>, continuing its stream (as one RandomState drawing both in turn).</summary>
    public static (double[] D1, double[] D2) Draw(LegacyRandom random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var d1 = new double[count];
        var d2 = new double[count];
        random.FillNormal(d1, 0, 1);
        random.FillNormal(d2, 0, 1);
        return (d1, d2);
    }
}
