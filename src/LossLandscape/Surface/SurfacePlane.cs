using LossLandscape.Models;

namespace LossLandscape.Surface;

/// <summary>
/// A 2-D slice of parameter space, θ(a, b) = θ₀ + a·d₁ + b·d₂. The first coordinate a runs along
/// <see cref="Direction1"/> and is always the surface's row index; b is the column index.
/// </summary>
public sealed class SurfacePlane
{
    /// <summary>Creates a plane from an origin and two directions of the same length.</summary>
    public SurfacePlane(double[] origin, double[] direction1, double[] direction2, string axis1Name, string axis2Name)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(direction1);
        ArgumentNullException.ThrowIfNull(direction2);
        if (direction1.Length != origin.Length || direction2.Length != origin.Length)
        {
            throw new ArgumentException("origin and directions must have the same length");
        }

        Origin = origin;
        Direction1 = direction1;
        Direction2 = direction2;
        Axis1Name = axis1Name;
        Axis2Name = axis2Name;
    }

    /// <summary>θ₀.</summary>
    public double[] Origin { get; }

    /// <summary>d₁, the direction of the first coordinate (rows).</summary>
    public double[] Direction1 { get; }

    /// <summary>d₂, the direction of the second coordinate (columns).</summary>
    public double[] Direction2 { get; }

    /// <summary>Name of the first coordinate, e.g. <c>w1</c>.</summary>
    public string Axis1Name { get; }

    /// <summary>Name of the second coordinate, e.g. <c>w2</c>.</summary>
    public string Axis2Name { get; }

    /// <summary>
    /// The article's plane: θ₀ = 0, d₁ sets every hidden weight (w1), d₂ every output weight (w2).
    /// For one hidden unit these are the network's two weights; for N units, the plane where all units are equal,
    /// which contains every trajectory that starts there (equal units get equal updates).
    /// </summary>
    public static SurfacePlane Weights(ISeedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var d1 = new double[network.ParameterCount];
        var d2 = new double[network.ParameterCount];
        d1.AsSpan(network.Layout["0.weight"].Range).Fill(1.0);
        d2.AsSpan(network.Layout["2.weight"].Range).Fill(1.0);
        return new SurfacePlane(new double[network.ParameterCount], d1, d2, "w1", "w2");
    }

    /// <summary>Writes θ₀ + a·d₁ + b·d₂ into <paramref name="destination"/>.</summary>
    public void PointAt(double a, double b, Span<double> destination)
    {
        if (destination.Length != Origin.Length)
        {
            throw new ArgumentException("destination has the wrong length", nameof(destination));
        }

        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Origin[i] + (a * Direction1[i]) + (b * Direction2[i]);
        }
    }

    /// <summary>The plane coordinates (a, b) closest to θ (least squares; exact for points on the plane).</summary>
    public (double A, double B) Project(ReadOnlySpan<double> theta)
    {
        double g11 = 0, g12 = 0, g22 = 0, r1 = 0, r2 = 0;
        for (var i = 0; i < theta.Length; i++)
        {
            var delta = theta[i] - Origin[i];
            g11 += Direction1[i] * Direction1[i];
            g12 += Direction1[i] * Direction2[i];
            g22 += Direction2[i] * Direction2[i];
            r1 += Direction1[i] * delta;
            r2 += Direction2[i] * delta;
        }

        var det = (g11 * g22) - (g12 * g12);
        if (det == 0)
        {
            throw new InvalidOperationException("the plane's directions are parallel");
        }

        return (((g22 * r1) - (g12 * r2)) / det, ((g11 * r2) - (g12 * r1)) / det);
    }
}
