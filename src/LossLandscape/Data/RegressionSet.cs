namespace LossLandscape.Data;

/// <summary>A set of (x, y) pairs held as two contiguous arrays, ready for the kernels.</summary>
public sealed class RegressionSet
{
    /// <summary>Creates a set from inputs and targets of equal length.</summary>
    public RegressionSet(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y must have the same length");
        }

        X = x;
        Y = y;
    }

    /// <summary>Inputs.</summary>
    public double[] X { get; }

    /// <summary>Targets.</summary>
    public double[] Y { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => X.Length;

    /// <summary>The points of <paramref name="data"/> at <paramref name="indices"/>, in that order.</summary>
    public static RegressionSet Gather(Dataset data, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(data);
        var x = new double[indices.Length];
        var y = new double[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            x[i] = data.X[indices[i]];
            y[i] = data.Y[indices[i]];
        }

        return new RegressionSet(x, y);
    }
}
