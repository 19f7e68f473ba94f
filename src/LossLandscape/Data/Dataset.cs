namespace LossLandscape.Data;

/// <summary>The drawn points: inputs, the noise added, and the targets y = f(x) + noise.</summary>
public sealed class Dataset
{
    internal Dataset(double[] x, double[] noise, double[] y)
    {
        X = x;
        Noise = noise;
        Y = y;
    }

    /// <summary>The inputs, in the order drawn.</summary>
    public double[] X { get; }

    /// <summary>The noise drawn after all inputs (same generator stream).</summary>
    public double[] Noise { get; }

    /// <summary>The targets.</summary>
    public double[] Y { get; }

    /// <summary>Number of points.</summary>
    public int Count => X.Length;

    /// <summary>
    /// The article's target function: 2x + 5 below −2, 7.3·sin x on [−2, 2), −0.03·x³ + 2 from 2 on.
    /// </summary>
    public static double TargetFunction(double x) => x switch
    {
        < -2 => (2 * x) + 5,
        < 2 => 7.3 * Math.Sin(x),
        _ => (-0.03 * (x * x * x)) + 2,
    };

    /// <summary>Draws the data as <c>np.random.seed(s); x = normal(m, sd, n); noise = normal(0, sn, n)</c>.</summary>
    public static Dataset Generate(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new LegacyRandom(options.Seed);
        var x = new double[options.Samples];
        var noise = new double[options.Samples];
        var y = new double[options.Samples];
        random.FillNormal(x, options.XMean, options.XStd);
        random.FillNormal(noise, 0, options.NoiseStd);
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = TargetFunction(x[i]) + noise[i];
        }

        return new Dataset(x, noise, y);
    }
}
