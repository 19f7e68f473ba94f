using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Tests.Analysis;

public sealed class CriticalPointTests
{
    private static (PlaneCalculus Calculus, RegressionSet Data) Calculus(RegressionSet data, int hidden = 1)
    {
        var network = new TanhNetwork(hidden);
        return (new PlaneCalculus(network, SurfacePlane.Weights(network), data), data);
    }

    private static LossSurface Grid((PlaneCalculus Calculus, RegressionSet Data) problem, GridAxis w1, GridAxis w2) =>
        SurfaceEvaluator.Evaluate(problem.Calculus.Network, problem.Calculus.Plane, w1, w2, problem.Data);

    [Fact]
    public void SeedSurfaceHasTheSaddleAtTheOriginWithEigenvaluesPlusMinusTwiceMeanXY()
    {
        var test = SeedSet.Test;
        var problem = Calculus(test);
        var points = CriticalPointFinder.Find(problem.Calculus, Grid(problem, new GridAxis(-2, 2, 0.05), new GridAxis(-2, 2, 0.05)));
        var meanXY = test.X.Zip(test.Y, (x, y) => x * y).Average();
        var saddle = Assert.Single(points, p => Math.Abs(p.A) < 1e-6 && Math.Abs(p.B) < 1e-6);
        Assert.Equal(CriticalPointKind.Saddle, saddle.Kind);
        Assert.True(Math.Abs(saddle.A) < 1e-12 && Math.Abs(saddle.B) < 1e-12, $"saddle at ({saddle.A:R}, {saddle.B:R})");
        Assert.Equal(-2 * Math.Abs(meanXY), saddle.Eigenvalue1, 1e-10 * Math.Abs(meanXY));
        Assert.Equal(2 * Math.Abs(meanXY), saddle.Eigenvalue2, 1e-10 * Math.Abs(meanXY));
        Assert.True(saddle.GradientNorm < 1e-10);
    }

    [Fact]
    public void SeedGridMinimaOnTheEdgeAreReportedAsEdgesNotMinima()
    {
        var problem = Calculus(SeedSet.Test);
        var surface = Grid(problem, new GridAxis(-2, 2, 0.05), new GridAxis(-2, 2, 0.05));
        var points = CriticalPointFinder.Find(problem.Calculus, surface);
        var lowest = SurfaceMath.Minimum(surface);
        var edge = Assert.Single(points, p => p.A == surface.Axis1[lowest.I] && p.B == surface.Axis2[lowest.J]);
        Assert.Equal(CriticalPointKind.Edge, edge.Kind);
        Assert.Contains("keeps falling outside the grid", edge.Note, StringComparison.Ordinal);
        Assert.DoesNotContain(points, p => p.Kind == CriticalPointKind.Minimum && p.Loss > edge.Loss);
        Assert.True(edge.GradientNorm > 1e-3, "an edge is not a critical point: the gradient is not zero there");
    }

    [Fact]
    public void InteriorMinimaAreFoundExactlyAndTheSameMinimumCutOffByTheGridIsAnEdge()
    {
        var data = SeedSet.Tanh(0.8, 1.5, 0.2, 500, 9);
        var problem = Calculus(data);
        var whole = CriticalPointFinder.Find(problem.Calculus, Grid(problem, new GridAxis(-2, 2, 0.05), new GridAxis(-2, 2, 0.05)));
        var minima = whole.Where(p => p.Kind == CriticalPointKind.Minimum).OrderBy(p => p.A).ToArray();
        Assert.Equal(2, minima.Length);
        // L(w1, w2) = L(−w1, −w2): the two minima mirror each other.
        Assert.Equal(-minima[0].A, minima[1].A, 1e-8);
        Assert.Equal(-minima[0].B, minima[1].B, 1e-8);
        Assert.Equal(0.8, minima[1].A, 0.05);
        Assert.Equal(1.5, minima[1].B, 0.05);
        Assert.True(minima[1].GradientNorm < 1e-9);
        Assert.True(minima[1].Eigenvalue1 > 0);
        Assert.Contains(whole, p => p.Kind == CriticalPointKind.Saddle && Math.Abs(p.A) < 1e-9 && Math.Abs(p.B) < 1e-9);

        // The same loss on a grid that stops at w1 = 0.5 (< 0.8): the lowest point lies on the edge w1 = 0.5.
        var cut = CriticalPointFinder.Find(problem.Calculus, Grid(problem, new GridAxis(0.1, 0.51, 0.05), new GridAxis(0.5, 2.5, 0.05)));
        Assert.DoesNotContain(cut, p => p.Kind == CriticalPointKind.Minimum);
        var edge = Assert.Single(cut, p => p.Kind == CriticalPointKind.Edge);
        Assert.Equal(0.5, edge.A, 1e-12);
        Assert.Contains("w1 > 0.5", edge.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void WiderNetworksOnTheirPlaneDoNotBreakTheSearch()
    {
        var data = SeedSet.Tanh(0.8, 1.5, 0.2, 300, 4);
        var problem = Calculus(data, hidden: 3);
        var points = CriticalPointFinder.Find(problem.Calculus, Grid(problem, new GridAxis(-2, 2, 0.1), new GridAxis(-1, 1, 0.05)));
        // Three equal units give 3·w2·tanh(w1·x): the minima sit at w2 ≈ 1.5 / 3.
        var minimum = Assert.Single(points, p => p.Kind == CriticalPointKind.Minimum && p.A > 0);
        Assert.Equal(0.5, minimum.B, 0.03);
        foreach (var point in points.Where(p => p.Kind != CriticalPointKind.Edge))
        {
            Assert.True(point.GradientNorm < 1e-8, $"{point}");
            Assert.Equal(CriticalPoint.Classify(point.Eigenvalue1, point.Eigenvalue2), point.Kind);
        }
    }
}
