using LossLandscape.Surface;

namespace LossLandscape.Tests.Surface;

public sealed class SurfaceThinningTests
{
    [Fact]
    public void KeepsEveryKthPointWithItsValueAndCoordinates()
    {
        var axis1 = new GridAxis(-2, 2, 0.004);
        var axis2 = new GridAxis(-1, 1, 0.25);
        var values = new double[axis1.Count * axis2.Count];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = k * 0.5;
        }

        var surface = new LossSurface(axis1, axis2, "w1", "w2", values);
        var thin = SurfaceThinning.Thin(surface, 300);
        Assert.Equal(4, SurfaceThinning.Stride(1000, 300));
        Assert.Equal(250, thin.Axis1.Count);
        Assert.Equal(axis2.Count, thin.Axis2.Count);
        Assert.Equal(("w1", "w2"), (thin.Axis1Name, thin.Axis2Name));
        for (var i = 0; i < thin.Axis1.Count; i++)
        {
            Assert.Equal(axis1[4 * i], thin.Axis1[i], 1e-12);
            for (var j = 0; j < thin.Axis2.Count; j++)
            {
                Assert.Equal(surface[4 * i, j], thin[i, j]);
                Assert.Equal(axis2[j], thin.Axis2[j]);
            }
        }
    }

    [Fact]
    public void ASmallSurfaceIsReturnedAsItIs()
    {
        var axis = new GridAxis(-2, 2, 0.05);
        var surface = new LossSurface(axis, axis, "w1", "w2", new double[axis.Count * axis.Count]);
        Assert.Same(surface, SurfaceThinning.Thin(surface, 80));
        Assert.NotSame(surface, SurfaceThinning.Thin(surface, 79));
        Assert.Equal(40, SurfaceThinning.Thin(surface, 79).Axis1.Count);
    }
}
