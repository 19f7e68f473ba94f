namespace LossLandscape.Surface;

/// <summary>Regular subsampling of a surface, for figures that cannot draw millions of points.</summary>
public static class SurfaceThinning
{
    /// <summary>The stride that brings <paramref name="count"/> points to at most <paramref name="maxPoints"/>.</summary>
    public static int Stride(int count, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        return (count + maxPoints - 1) / maxPoints;
    }

    /// <summary>
    /// Every k-th row and column, with k chosen per axis so that neither exceeds <paramref name="maxPerAxis"/> points;
    /// returns <paramref name="surface"/> itself when it is small enough. Kept points have their exact values; the
    /// thinned axes run start, start + k·step, … (equal to the kept grid values to a few units in the last place).
    /// </summary>
    public static LossSurface Thin(LossSurface surface, int maxPerAxis)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var stride1 = Stride(surface.Axis1.Count, maxPerAxis);
        var stride2 = Stride(surface.Axis2.Count, maxPerAxis);
        if (stride1 == 1 && stride2 == 1)
        {
            return surface;
        }

        var axis1 = Every(surface.Axis1, stride1);
        var axis2 = Every(surface.Axis2, stride2);
        var values = new double[axis1.Count * axis2.Count];
        for (var i = 0; i < axis1.Count; i++)
        {
            for (var j = 0; j < axis2.Count; j++)
            {
                values[(i * axis2.Count) + j] = surface[i * stride1, j * stride2];
            }
        }

        return new LossSurface(axis1, axis2, surface.Axis1Name, surface.Axis2Name, values);
    }

    private static GridAxis Every(GridAxis axis, int stride)
    {
        if (stride == 1)
        {
            return axis;
        }

        var count = (axis.Count + stride - 1) / stride;
        var step = axis.Step * stride;
        return new GridAxis(axis.Start, axis.Start + ((count - 0.5) * step), step);
    }
}
