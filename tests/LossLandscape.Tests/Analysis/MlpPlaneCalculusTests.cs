using LossLandscape.Models;
using LossLandscape.Analysis;
using LossLandscape.Curvature;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Tests.Planes;

namespace LossLandscape.Tests.Analysis;

/// <summary>The exact plane calculus of an MLP (second-order forward mode) against the R-operator, differences of gradients and of the loss.</summary>
public sealed class MlpPlaneCalculusTests
{
    public static TheoryData<string> Cases => MlpCase.Names;

    /// <summary>The smooth cases: relu's kinks put jumps into differences that cross them, not into the exact Hessian.</summary>
    public static TheoryData<string> SmoothCases => new(MlpCase.All.Keys.Where(k => !k.StartsWith("relu", StringComparison.Ordinal)));

    private static SurfacePlane PcaPlane(MlpCase c) => PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Pca }, c.Layout, c.Records).Plane!;

    /// <summary>
    /// The plane Hessian equals dᵢᵀHdⱼ from two exact Hessian-vector products (Pearlmutter's R-operator) within 1e-11
    /// of its scale, and loss and gradient equal the model's and its backpropagated gradient dotted with d₁, d₂.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void PlaneHessianEqualsTheROperatorsProducts(string name)
    {
        var c = MlpCase.All[name];
        var (x, y) = MlpCase.Test;
        var model = c.LibraryModel;
        var plane = PcaPlane(c);
        var calculus = new MlpPlaneCalculus(model, plane, x, y);
        var hessian = new MlpHessian(model, x, y);
        var theta = new double[model.ParameterCount];
        var h1 = new double[theta.Length];
        var h2 = new double[theta.Length];
        foreach (var (a, b) in new[] { (0.0, 0.0), (0.35, -0.6), (-1.2, 0.9) })
        {
            plane.PointAt(a, b, theta);
            hessian.MoveTo(theta);
            hessian.Multiply(plane.Direction1, h1);
            hessian.Multiply(plane.Direction2, h2);
            var haa = Dot(plane.Direction1, h1);
            var hab = Dot(plane.Direction2, h1);
            var hbb = Dot(plane.Direction2, h2);
            var gradient = hessian.Gradient.ToArray();
            var d = calculus.Evaluate(a, b);
            var scale = Math.Abs(haa) + Math.Abs(hab) + Math.Abs(hbb);
            Assert.Equal(model.Loss(theta, x, y), d.Loss, 1e-13 * d.Loss);
            Assert.Equal(Dot(plane.Direction1, gradient), d.GradientA, 1e-12 * (1 + Math.Abs(d.GradientA)));
            Assert.Equal(Dot(plane.Direction2, gradient), d.GradientB, 1e-12 * (1 + Math.Abs(d.GradientB)));
            Assert.Equal(haa, d.HessianAA, 1e-11 * scale);
            Assert.Equal(hab, d.HessianAB, 1e-11 * scale);
            Assert.Equal(hbb, d.HessianBB, 1e-11 * scale);
        }
    }

    /// <summary>
    /// The exact Hessian agrees with the former Richardson-extrapolated differences of exact gradients within their
    /// truncation and rounding error (1e-7 of the Hessian's scale), and the plane's curvature eigenvalues with them.
    /// </summary>
    [Theory]
    [MemberData(nameof(SmoothCases))]
    public void ExactHessianAgreesWithRichardsonDifferences(string name)
    {
        var c = MlpCase.All[name];
        var (x, y) = MlpCase.Test;
        var plane = PcaPlane(c);
        var exact = new MlpPlaneCalculus(c.LibraryModel, plane, x, y);
        var richardson = new ModelPlaneCalculus(c.LibraryModel, plane, x, y);
        foreach (var (a, b) in new[] { (0.0, 0.0), (0.5, 0.25), (-0.8, -0.4) })
        {
            var e = exact.Evaluate(a, b);
            var r = richardson.Evaluate(a, b);
            var scale = Math.Abs(r.HessianAA) + Math.Abs(r.HessianAB) + Math.Abs(r.HessianBB);
            Assert.Equal(r.Loss, e.Loss, 1e-13 * r.Loss);
            Assert.Equal(r.GradientA, e.GradientA, 1e-12 * (1 + Math.Abs(r.GradientA)));
            Assert.Equal(r.GradientB, e.GradientB, 1e-12 * (1 + Math.Abs(r.GradientB)));
            Assert.Equal(r.HessianAA, e.HessianAA, 1e-7 * scale);
            Assert.Equal(r.HessianAB, e.HessianAB, 1e-7 * scale);
            Assert.Equal(r.HessianBB, e.HessianBB, 1e-7 * scale);
            Assert.Equal(richardson.CurvatureEigenvalues(r).High, exact.CurvatureEigenvalues(e).High, 1e-7 * Math.Abs(richardson.CurvatureEigenvalues(r).High));
        }
    }

    /// <summary>Gradient and Hessian match central differences of the loss (step 1e-4, whose O(h²) error bounds the tolerance).</summary>
    [Fact]
    public void DerivativesMatchFiniteDifferencesOfTheLoss()
    {
        var c = MlpCase.All["sigmoid-8-bias"];
        var (x, y) = MlpCase.Test;
        var model = c.LibraryModel;
        var plane = PcaPlane(c);
        var calculus = new MlpPlaneCalculus(model, plane, x, y);
        var theta = new double[model.ParameterCount];
        foreach (var (a, b) in new[] { (0.0, 0.0), (0.3, -0.2) })
        {
            FiniteDifferences.AssertMatch(calculus.Evaluate(a, b), (da, db) =>
            {
                plane.PointAt(a + da, b + db, theta);
                return model.Loss(theta, x, y);
            });
        }
    }

    /// <summary>
    /// The search with the costly calculus (grid-fit starts, few Newton steps, duplicates skipped) finds on the seed's
    /// weights plane both minima of a tanh teacher's data, ±(0.8, 1.2) up to the noise, where the seed's exact analytic
    /// search (every candidate, 60 iterations) finds them, to 1e-9; every point it reports is one the exact search reports.
    /// </summary>
    [Fact]
    public void CriticalPointsMatchTheExactSeedSearch()
    {
        var network = new TanhNetwork(1);
        var data = SeedSet.Tanh(0.8, 1.2, 0.2, 300, seed: 4);
        var plane = SurfacePlane.Weights(network);
        var grid = SurfaceEvaluator.Evaluate(network, plane, new GridAxis(-2, 2, 0.1), new GridAxis(-2, 2, 0.1), data);
        var fast = CriticalPointFinder.Find(MlpPlaneCalculus.For(network, plane, data.X, data.Y), grid).Where(p => p.Kind != CriticalPointKind.Edge).ToArray();
        var exact = CriticalPointFinder.Find(new PlaneCalculus(network, plane, data), grid);
        Assert.Equal(2, fast.Count(p => p.Kind == CriticalPointKind.Minimum && Math.Abs(Math.Abs(p.A) - 0.8) < 0.1 && Math.Abs(Math.Abs(p.B) - 1.2) < 0.2));
        foreach (var point in fast)
        {
            var match = Assert.Single(exact, p => Math.Abs(p.A - point.A) < 1e-6 && Math.Abs(p.B - point.B) < 1e-6);
            Assert.Equal(match.Kind, point.Kind);
            Assert.Equal(match.A, point.A, 1e-9);
            Assert.Equal(match.B, point.B, 1e-9);
            Assert.Equal(match.Loss, point.Loss, 1e-12 * match.Loss);
        }
    }

    /// <summary>The seed's network is analysed as the MLP of its spec; other models keep the differences of gradients.</summary>
    [Fact]
    public void ForPicksTheExactCalculusForMlps()
    {
        var c = MlpCase.All["tanh-8-bias"];
        var (x, y) = MlpCase.Test;
        var plane = PcaPlane(c);
        Assert.IsType<MlpPlaneCalculus>(MlpPlaneCalculus.For(c.LibraryModel, plane, x, y));
        Assert.IsType<ModelPlaneCalculus>(MlpPlaneCalculus.For(c.Model, plane, x, y));
        var seed = new TanhModel(3);
        var seedPlane = new SurfacePlane(new double[6], [1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0], "a", "b");
        Assert.IsType<MlpPlaneCalculus>(MlpPlaneCalculus.For(seed.Network, seedPlane, x, y));
    }

    private static double Dot(double[] p, double[] q)
    {
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += p[i] * q[i];
        }

        return sum;
    }
}
