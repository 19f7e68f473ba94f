namespace LossLandscape.Data;

/// <summary>A set of (x, y) pairs held as two contiguous arrays, ready for the kernels.</summary>
public sealed class RegressionSet
{
    /// <summary>Creates a set from inputs and targets of equal length.</summary>
    public RegressionSet(double[] x, double[] y)
        : this(x, y, 1)
    {
    }

    /// <summary>Creates a set from row-major inputs (samples × <paramref name="inputs"/>) and one target per sample.</summary>
    public RegressionSet(double[] x, double[] y, int inputs)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if (x.Length != (long)y.Length * inputs)
        {
            throw new ArgumentException($"x must hold {inputs} value(s) per target");
        }

        X = x;
        Y = y;
        Inputs = inputs;
    }

    /// <summary>Inputs, row-major: <see cref="Count"/> × <see cref="Inputs"/>.</summary>
    public double[] X { get; }

    /// <summary>Inputs per sample.</summary>
    public int Inputs { get; }

    /// <summary>Targets.</summary>
    public double[] Y { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => Y.Length;

    /// <summary>The points of <paramref name="data"/> at <paramref name="indices"/>, in that order.</summary>
    public static RegressionSet Gather(Dataset data, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(data);
        var inputs = data.Inputs;
        var x = new double[indices.Length * inputs];
        var y = new double[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            if (inputs == 1)
            {
                x[i] = data.X[indices[i]];
            }
            else
            {
                data.X.AsSpan(indices[i] * inputs, inputs).CopyTo(x.AsSpan(i * inputs, inputs));
            }

            y[i] = data.Y[indices[i]];
        }

        return new RegressionSet(x, y, inputs);
    }
}
