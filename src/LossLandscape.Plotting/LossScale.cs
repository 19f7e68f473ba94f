using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>The height drawn for a loss: the loss itself, or its base-10 logarithm.</summary>
public static class LossScale
{
    /// <summary>Smallest loss taken into the logarithm (an exact zero would be −∞).</summary>
    public const double Floor = 1e-300;

    /// <summary>The drawn height of <paramref name="loss"/>.</summary>
    public static double Height(double loss, bool log) =>
        !log || double.IsNaN(loss) ? loss : Math.Log10(Math.Max(loss, Floor));

    /// <summary>The surface with every value drawn on the scale (the same object when not logarithmic).</summary>
    public static LossSurface Apply(LossSurface surface, bool log)
    {
        ArgumentNullException.ThrowIfNull(surface);
        if (!log)
        {
            return surface;
        }

        var values = new double[surface.Values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = Height(surface.Values[k], log: true);
        }

        return new LossSurface(surface.Axis1, surface.Axis2, surface.Axis1Name, surface.Axis2Name, values);
    }

    /// <summary>The path with its losses drawn on the scale.</summary>
    public static PathView Apply(PathView path, bool log)
    {
        ArgumentNullException.ThrowIfNull(path);
        return log ? path with { Loss = path.Loss.Select(l => Height(l, log: true)).ToArray() } : path;
    }
}
