namespace LossLandscape.Surface;

/// <summary>
/// Loss values on a grid. Rows follow <see cref="Axis1"/> (the plane's first coordinate), columns <see cref="Axis2"/>:
/// <c>this[i, j]</c> is the loss at (Axis1[i], Axis2[j]).
/// </summary>
public sealed class LossSurface
{
    /// <summary>Wraps row-major values of shape Axis1.Count × Axis2.Count.</summary>
    public LossSurface(GridAxis axis1, GridAxis axis2, string axis1Name, string axis2Name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(axis1);
        ArgumentNullException.ThrowIfNull(axis2);
        ArgumentNullException.ThrowIfNull(values);
        if ((long)axis1.Count * axis2.Count != values.LongLength)
        {
            throw new ArgumentException("values must have Axis1.Count × Axis2.Count entries", nameof(values));
        }

        Axis1 = axis1;
        Axis2 = axis2;
        Axis1Name = axis1Name;
        Axis2Name = axis2Name;
        Values = values;
    }

    /// <summary>The first coordinate (rows).</summary>
    public GridAxis Axis1 { get; }

    /// <summary>The second coordinate (columns).</summary>
    public GridAxis Axis2 { get; }

    /// <summary>Name of the first coordinate.</summary>
    public string Axis1Name { get; }

    /// <summary>Name of the second coordinate.</summary>
    public string Axis2Name { get; }

    /// <summary>Row-major values: index i·Axis2.Count + j.</summary>
    public double[] Values { get; }

    /// <summary>The loss at (Axis1[i], Axis2[j]).</summary>
    public double this[int i, int j] => Values[((long)i * Axis2.Count) + j];

    /// <summary>Row i: the losses at Axis1[i] for every Axis2 value.</summary>
    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Axis2.Count, Axis2.Count);
}
