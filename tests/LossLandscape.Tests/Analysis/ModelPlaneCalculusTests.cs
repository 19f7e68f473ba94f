using LossLandscape.Analysis;
using LossLandscape.Landscape;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Tests.Planes;

namespace LossLandscape.Tests.Analysis;

/// <summary>The analysis on any plane: exact plane gradients by backpropagation, the plane Hessian by differences of them.</summary>
public sealed class ModelPlaneCalculusTests
{
    private static double[] Vector(int n, Random random, double scale = 1) =>
        Enumerable.Range(0, n).Select(_ => scale * ((random.NextDouble() * 2) - 1)).ToArray();

    /// <summary>On a quadratic form the plane gradient is dᵢ·A(θ − c) and the plane Hessian dᵢᵀ A dⱼ, known exactly.</summary>
    [Fact]
    public void QuadraticFormGivesItsExactPlaneDerivatives()
    {
        var model = new QuadraticModel(4, seed: 3);
        var random = new Random(8);
        var n = model.ParameterCount;
        var plane = new SurfacePlane(Vector(n, random), Vector(n, random), Vector(n, random), "a", "b");
        var calculus = new ModelPlaneCalculus(model, plane, [0.0], [0.0]);
        var haa = model.Form(plane.Direction1, plane.Direction1);
        var hab = model.Form(plane.Direction1, plane.Direction2);
        var hbb = model.Form(plane.Direction2, plane.Direction2);
        foreach (var (a, b) in new[] { (0.0, 0.0), (0.7, -1.3), (-2.5, 0.25) })
        {
            var d = calculus.Evaluate(a, b);
            var theta = new double[n];
            plane.PointAt(a, b, theta);
            var offset = theta.Select((t, i) => t - model.Center[i]).ToArray();
            Assert.Equal(0.5 * model.Form(offset, offset), d.Loss, 1e-12);
            Assert.Equal(model.Form(plane.Direction1, offset), d.GradientA, 1e-11);
            Assert.Equal(model.Form(plane.Direction2, offset), d.GradientB, 1e-11);
            Assert.Equal(haa, d.HessianAA, 1e-8 * haa);
            Assert.Equal(hab, d.HessianAB, 1e-8 * haa);
            Assert.Equal(hbb, d.HessianBB, 1e-8 * hbb);
        }

        // Its one critical point on the plane is the minimum where (DᵀAD)·s = DᵀA(c − θ₀).
        var r = model.Center.Select((c, i) => c - plane.Origin[i]).ToArray();
        var (ra, rb) = (model.Form(plane.Direction1, r), model.Form(plane.Direction2, r));
        var det = (haa * hbb) - (hab * hab);
        var (sa, sb) = (((hbb * ra) - (hab * rb)) / det, ((haa * rb) - (hab * ra)) / det);
        var grid = FlatIsFlatTests.Grid(calculus, new GridAxis(sa - 2, sa + 2, 0.1), new GridAxis(sb - 2, sb + 2, 0.1));
        var minimum = Assert.Single(CriticalPointFinder.Find(calculus, grid));
        Assert.Equal(CriticalPointKind.Minimum, minimum.Kind);
        Assert.Equal(sa, minimum.A, 1e-9);
        Assert.Equal(sb, minimum.B, 1e-9);

        // analysis.json of a general plane says how its plane and Hessian are defined.
        var analysis = SurfaceAnalysis.Analyze(calculus, grid, records: null);
        Assert.Equal(0, analysis.Hidden);
        using var stream = new MemoryStream();
        AnalysisFile.Write(stream, analysis);
        using var json = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        Assert.Contains("directions.json", json.RootElement.GetProperty("plane").GetString(), StringComparison.Ordinal);
        Assert.Contains("central differences of exact", json.RootElement.GetProperty("hessian").GetString(), StringComparison.Ordinal);
        Assert.Equal("minimum", Assert.Single(json.RootElement.GetProperty("critical_points").EnumerateArray()).GetProperty("kind").GetString());
    }

    /// <summary>For the seed's network on a random plane the general calculus agrees with the exact analytic one.</summary>
    [Fact]
    public void TanhNetworkAgreesWithTheExactPlaneCalculus()
    {
        var model = new TanhModel(3);
        var data = SeedSet.Tanh(0.8, 1.2, 0.2, 300, seed: 4);
        var random = new Random(5);
        var n = model.ParameterCount;
        var plane = new SurfacePlane(Vector(n, random), Vector(n, random, 0.5), Vector(n, random, 0.5), "a", "b");
        var exact = new PlaneCalculus(model.Network, plane, data);
        var general = new ModelPlaneCalculus(model, plane, data.X, data.Y);
        foreach (var (a, b) in new[] { (0.0, 0.0), (0.4, -0.9), (-1.5, 1.1) })
        {
            var e = exact.Evaluate(a, b);
            var g = general.Evaluate(a, b);
            var scale = Math.Abs(e.HessianAA) + Math.Abs(e.HessianBB) + Math.Abs(e.HessianAB);
            Assert.Equal(e.Loss, g.Loss, 1e-13);
            Assert.Equal(e.GradientA, g.GradientA, 1e-12);
            Assert.Equal(e.GradientB, g.GradientB, 1e-12);
            Assert.Equal(e.HessianAA, g.HessianAA, 1e-8 * scale);
            Assert.Equal(e.HessianAB, g.HessianAB, 1e-8 * scale);
            Assert.Equal(e.HessianBB, g.HessianBB, 1e-8 * scale);
            Assert.Equal(exact.CurvatureEigenvalues(e).High, general.CurvatureEigenvalues(g).High, 1e-7 * scale);
        }
    }

    /// <summary>On a reference MLP's PCA plane the exact plane gradient and the Hessian match finite differences of the loss.</summary>
    [Fact]
    public void MlpPlaneDerivativesMatchFiniteDifferencesOfTheLoss()
    {
        var c = MlpCase.All["gelu-4-4-nobias"];
        var (x, y) = MlpCase.Test;
        var plane = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Pca }, c.Layout, c.Records).Plane!;
        var calculus = new ModelPlaneCalculus(c.Model, plane, x, y);
        foreach (var (a, b) in new[] { (0.0, 0.0), (0.3, -0.2) })
        {
            FiniteDifferences.AssertMatch(calculus.Evaluate(a, b), (da, db) => calculus.Loss(a + da, b + db));
        }
    }

    /// <summary>
    /// The Hessian's diagonal at a reference case's centre, from plane Hessians on coordinate planes (θ, e₂ₖ, e₂ₖ₊₁):
    /// its sum equals the trace of torch.autograd's Hessian within 1e-9 relative (the full Hessian would take all
    /// pairs of coordinates, too slow for a unit test with the tests' plain MLP).
    /// </summary>
    [Fact]
    public void CoordinatePlaneHessiansGiveTorchsTrace()
    {
        var c = MlpCase.All["tanh-8-bias"];
        var (x, y) = MlpCase.Test;
        var n = c.Layout.Count;
        var trace = 0.0;
        for (var i = 0; i < n; i += 2)
        {
            var j = i + 1 < n ? i + 1 : 0;
            var e1 = new double[n];
            var e2 = new double[n];
            e1[i] = 1;
            e2[j] = 1;
            var d = new ModelPlaneCalculus(c.Model, new SurfacePlane(c.Theta, e1, e2, "a", "b"), x, y).Evaluate(0, 0);
            trace += d.HessianAA + (j > i ? d.HessianBB : 0);
        }

        var expected = c.Json.GetProperty("hessian_test_at_theta").GetProperty("trace").GetDouble();
        Assert.Equal(expected, trace, 1e-9 * Math.Abs(expected));
    }

    /// <summary>The weights plane keeps today's exact analysis: the general entry point gives the same critical points and curvature.</summary>
    [Fact]
    public void WeightsPlaneAnalysisIsUnchanged()
    {
        var network = new TanhNetwork(1);
        var data = SeedSet.Tanh(0.7, 1.3, 0.3, 300, seed: 2);
        var plane = SurfacePlane.Weights(network);
        var surface = SurfaceEvaluator.Evaluate(network, plane, new GridAxis(-2, 2, 0.1), new GridAxis(-2, 2, 0.1), data);
        var today = SurfaceAnalysis.Analyze(network, plane, surface, data, records: null);
        var general = SurfaceAnalysis.Analyze(new PlaneCalculus(network, plane, data), surface, records: null);
        Assert.Equal(today.CriticalPoints, general.CriticalPoints);
        Assert.Equal(today.Valley, general.Valley);
        Assert.Equal(3, today.CriticalPoints.Count(p => p.Kind != CriticalPointKind.Edge));
    }
}
