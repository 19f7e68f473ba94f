namespace LossLandscape.Data;

/// <summary>
/// The Mersenne Twister generator with the draws of numpy's legacy <c>RandomState</c>, bit for bit:
/// seeding, doubles, polar Box–Muller normals (with the cached second value) and permutations.
/// </summary>
/// <remarks>
/// Reproducing numpy exactly matters because the seed experiment is defined by <c>np.random.seed(42)</c>;
/// any other generator would give other data and another surface.
/// </remarks>
public sealed class LegacyRandom
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private readonly uint[] _state = new uint[StateLength];
    private int _position;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Seeds the generator as <c>RandomState(seed)</c> does (MT19937 <c>init_genrand</c>).</summary>
    public LegacyRandom(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < StateLength; i++)
        {
            var previous = _state[i - 1];
            _state[i] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)i);
        }

        _position = StateLength;
    }

    /// <summary>The next raw 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_position >= StateLength)
        {
            Twist();
        }

        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) with 53 random bits, as <c>random_sample()</c>.</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>A standard normal value by the polar method, as numpy's legacy <c>gauss</c>.</summary>
    public double NextStandardNormal()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * NextDouble()) - 1.0;
            x2 = (2.0 * NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>A normal value with the given mean and standard deviation, as <c>normal(loc, scale)</c>.</summary>
    public double NextNormal(double mean, double std) => mean + (std * NextStandardNormal());

    /// <summary>Fills <paramref name="destination"/> with normal values, as <c>normal(loc, scale, size)</c>.</summary>
    public void FillNormal(Span<double> destination, double mean, double std)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = NextNormal(mean, std);
        }
    }

    /// <summary>An integer in [0, max] by masked rejection sampling, as numpy's legacy <c>random_interval</c>.</summary>
    public ulong NextInterval(ulong max)
    {
        if (max == 0)
        {
            return 0;
        }

        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > max)
            {
            }
        }
        else
        {
            while ((value = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > max)
            {
            }
        }

        return value;
    }

    /// <summary>Shuffles in place as the legacy <c>shuffle</c> does: Fisher–Yates from the last element down.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = (int)NextInterval((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>A random permutation of 0..n-1, as <c>permutation(n)</c>.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new int[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = i;
        }

        Shuffle<int>(result);
        return result;
    }

    private void Twist()
    {
        const uint upper = 0x80000000u;
        const uint lower = 0x7fffffffu;
        const uint matrix = 0x9908b0dfu;
        int i;
        for (i = 0; i < StateLength - Shift; i++)
        {
            var y = (_state[i] & upper) | (_state[i + 1] & lower);
            _state[i] = _state[i + Shift] ^ (y >> 1) ^ ((y & 1) != 0 ? matrix : 0);
        }

        for (; i < StateLength - 1; i++)
        {
            var y = (_state[i] & upper) | (_state[i + 1] & lower);
            _state[i] = _state[i + Shift - StateLength] ^ (y >> 1) ^ ((y & 1) != 0 ? matrix : 0);
        }

        var last = (_state[StateLength - 1] & upper) | (_state[0] & lower);
        _state[StateLength - 1] = _state[Shift - 1] ^ (last >> 1) ^ ((last & 1) != 0 ? matrix : 0);
        _position = 0;
    }
}
