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

    internal Dataset(double[] x, double[] y, int inputs, IReadOnlyList<string> featureNames, string targetName, Standardization? standardization)
    {
        X = x;
        Noise = [];
        Y = y;
        Inputs = inputs;
        FeatureNames = featureNames;
        TargetName = targetName;
        Standardization = standardization;
    }

    /// <summary>
    /// Data read from numpy arrays (<see cref="ArrayData"/>): <paramref name="shape"/> is one sample's shape (after N),
    /// <paramref name="description"/> names the inputs' file, type and shape, <paramref name="targetName"/> the targets'.
    /// </summary>
    internal static Dataset FromArrays(double[] x, double[] y, int inputs, int[] shape, string description, string targetName) =>
        new(x, y, inputs, [description], targetName, null) { SampleShape = shape };

    /// <summary>One sample's shape when the inputs came from an array of shape (N, …); null for points and CSV rows.</summary>
    public IReadOnlyList<int>? SampleShape { get; private init; }

    /// <summary>The inputs, in the order drawn (row-major, <see cref="Count"/> × <see cref="Inputs"/>).</summary>
    public double[] X { get; }

    /// <summary>Inputs per point (1 for the synthetic data).</summary>
    public int Inputs { get; } = 1;

    /// <summary>The input columns' names (<c>x</c> for the synthetic data; one description of the array for array data).</summary>
    public IReadOnlyList<string> FeatureNames { get; } = ["x"];

    /// <summary>The target column's name (<c>y</c> for the synthetic data).</summary>
    public string TargetName { get; } = "y";

    /// <summary>The training rows' mean and standard deviation the inputs were scaled with, or null when they were not.</summary>
    public Standardization? Standardization { get; }

    /// <summary>The noise drawn after all inputs (same generator stream); empty for data read from a file.</summary>
    public double[] Noise { get; }

    /// <summary>The targets.</summary>
    public double[] Y { get; }

    /// <summary>Number of points.</summary>
    public int Count => Y.Length;

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
