namespace LossLandscape.Surface;

/// <summary>Small helpers on surfaces.</summary>
public static class SurfaceMath
{
    /// <summary>The smallest value on the surface and where it lies.</summary>
    public static (int I, int J, double Loss) Minimum(LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var best = 0;
        for (var k = 1; k < surface.Values.Length; k++)
        {
            if (surface.Values[k] < surface.Values[best])
            {
                best = k;
            }
        }

        return (best / surface.Axis2.Count, best % surface.Axis2.Count, surface.Values[best]);
    }
}
