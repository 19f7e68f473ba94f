using LossLandscape.Curvature;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Landscape;
using LossLandscape.Surface;

namespace LossLandscape.Tests.Curvature;

/// <summary>The time estimate printed before a sharpness map, against what the map does.</summary>
public sealed class SharpnessEstimateTests
{
    [Fact]
    public void ASmallModelsMapPointTakesNoMoreProductsThanItsKrylovSpaceAndTheEstimateCountsNoMore()
    {
        // The seed's network (2 parameters): every point of a 6 × 5 map is exact within P + 1 = 3 products.
        var model = new Mlp(new MlpSpec([1, 1, 1], Activation.Tanh, Bias: false));
        var random = new Random(7);
        var x = ScalarReference.Normal(random, 300, 1.5);
        var y = x.Select(v => (2 * Math.Tanh(0.5 * v)) + (0.1 * v)).ToArray();
        var plane = new SurfacePlane([-1, -1], [1, 0], [0, 1], "w1", "w2");
        var hessian = HessianOperators.Create(model, x, y);
        var map = SharpnessSurface.Compute(hessian, plane, new GridAxis(-1, 1.01, 0.4), new GridAxis(-1, 1.01, 0.5), new CurvatureSettings { Tolerance = 1e-6, Trace = false });
        Assert.True(map.Converged);
        Assert.Equal(30, map.Iterations.Length);
        Assert.All(map.Iterations, n => Assert.InRange(n, 1, 3));

        // The estimate: (products a point, at most P + 1, + 2 for the point's own pass) × the map's time per product.
        var options = new CurvatureOptions();
        Assert.Equal(30 * (3 + 2) * 0.5, CurvatureStage.EstimateSeconds(options, 2, 2, 0, 0, 30, 1.0, mapSecondsPerProduct: 0.5), 12);
        Assert.Equal(30 * (8 + 2) * 0.5, CurvatureStage.EstimateSeconds(options, 1153, 3, 0, 0, 30, 1.0, mapSecondsPerProduct: 0.5), 12);

        // Without a separate time for the map's products, the path's is used.
        Assert.Equal(30 * (8 + 2) * 1.0, CurvatureStage.EstimateSeconds(options, 1153, 3, 0, 0, 30, 1.0), 12);
    }
}
