using LossLandscape.Analysis;
using LossLandscape.Curvature;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;
using LossLandscape.Tests.Models;

namespace LossLandscape.Tests.Curvature;

/// <summary>Eigenvalues, traces, blocks and densities against PyTorch's dense Hessians of reference/mlp.json.</summary>
public sealed class CurvatureReferenceTests
{
    private static readonly RegressionSet Test = ScalarReference.SeedTestSet();
    private static readonly RegressionSet Train = ScalarReference.SeedTrainSet();

    public static TheoryData<string, string> CasesAndPoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in MlpCase.Names)
        {
            data.Add(name, "hessian_test_at_theta");
            data.Add(name, "hessian_train_at_init");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndPoints))]
    public void ExactSpectrumAndTopEigenvaluesMatchPyTorch(string name, string point)
    {
        var (hessian, reference, theta) = Setup(name, point);
        var expected = Testing.Reference.Doubles(reference.GetProperty("eigenvalues"));
        var scale = expected.Max(Math.Abs);
        var settings = new CurvatureSettings { Top = 3, Tolerance = 1e-11, Trace = false };
        var report = CurvatureAnalysis.Analyze(hessian, theta, settings);

        // Every eigenvalue, ascending, within 1e-8 of the largest |λ| (small eigenvalues have no relative meaning).
        var spectrum = report.ExactSpectrum!;
        Assert.Equal(expected.Length, spectrum.Length);
        var worst = expected.Zip(spectrum, (e, a) => Math.Abs(e - a)).Max() / scale;
        Assert.True(worst < 1e-8, $"{name} {point}: worst eigenvalue error {worst:E2} of {scale:E3}");
        Assert.Equal(reference.GetProperty("trace").GetDouble(), report.ExactTrace!.Value, 1e-8 * Math.Abs(reference.GetProperty("trace").GetDouble()));

        // Lanczos's three largest, each within 1e-8 relative of PyTorch's.
        Assert.True(report.Top.Converged);
        for (var i = 0; i < 3; i++)
        {
            var want = expected[^(i + 1)];
            Assert.True(ScalarReference.RelativeError(report.Top.Values[i], want) < 1e-8, $"{name} {point}: λ{i + 1} = {report.Top.Values[i]:R}, PyTorch {want:R}");
        }
    }

    [Theory]
    [MemberData(nameof(CasesAndPoints))]
    public void HutchinsonTraceLiesWithinThreeStandardErrors(string name, string point)
    {
        var (hessian, reference, theta) = Setup(name, point);
        var trace = reference.GetProperty("trace").GetDouble();
        var report = CurvatureAnalysis.Analyze(hessian, theta, new CurvatureSettings { Probes = 100, Exact = false, Seed = 7 });
        var estimate = report.Trace!;
        Assert.Equal(100, estimate.Probes);
        Assert.True(estimate.StandardError > 0);
        Assert.True(Math.Abs(estimate.Value - trace) <= 3 * estimate.StandardError, $"{name} {point}: {estimate.Value} ± {estimate.StandardError}, exact {trace}");
    }

    [Theory]
    [InlineData("relu-16-16-bias")]
    [InlineData("gelu-4-4-nobias")]
    public void LayerBlocksAreTheDenseHessiansDiagonalBlocks(string name)
    {
        var (hessian, _, theta) = Setup(name, "hessian_test_at_theta");
        var report = CurvatureAnalysis.Analyze(hessian, theta, new CurvatureSettings { Top = 2, Tolerance = 1e-11, PerLayer = true, Probes = 300 });
        hessian.MoveTo(theta);
        var dense = DenseHessian.Build(hessian);
        Assert.Equal(hessian.Model.LayerCount, report.Layers.Count);
        var traces = 0.0;
        foreach (var layer in report.Layers)
        {
            var block = DenseHessian.Block(dense, layer.Block);
            var exact = DenseHessian.Eigenvalues(block);
            Assert.Equal(exact, layer.ExactSpectrum!);
            Assert.Equal(block.Trace(), layer.ExactTrace!.Value, 1e-12);
            var scale = exact.Max(Math.Abs);
            for (var i = 0; i < layer.Top.Values.Length; i++)
            {
                Assert.True(Math.Abs(layer.Top.Values[i] - exact[^(i + 1)]) < 1e-9 * scale, $"{layer.Block.Name}: λ{i + 1} {layer.Top.Values[i]:R}, dense {exact[^(i + 1)]:R}");
            }

            var t = layer.Trace!;
            Assert.True(Math.Abs(t.Value - block.Trace()) <= (3 * t.StandardError!.Value) + (1e-12 * scale), $"{layer.Block.Name}: {t.Value} ± {t.StandardError}, exact {block.Trace()}");
            traces += block.Trace();
        }

        Assert.Equal(dense.Trace(), traces, 1e-9 * Math.Abs(traces));
    }

    [Theory]
    [MemberData(nameof(CasesAndPoints))]
    public void DensityIntegratesToOneAndItsMeanIsTheProbesTraceOverParameters(string name, string point)
    {
        var (hessian, _, theta) = Setup(name, point);
        var settings = new CurvatureSettings { Density = true, DensityProbes = 6, DensitySteps = 20, DensityPoints = 4000, Trace = false, Exact = false, Seed = 3 };
        var density = CurvatureAnalysis.Analyze(hessian, theta, settings).Density!;
        var step = density.Grid[1] - density.Grid[0];
        var integral = 0.0;
        var mean = 0.0;
        for (var g = 0; g < density.Grid.Length; g++)
        {
            var weight = g == 0 || g == density.Grid.Length - 1 ? 0.5 : 1.0;
            integral += weight * density.Density[g] * step;
            mean += weight * density.Grid[g] * density.Density[g] * step;
        }

        Assert.Equal(1.0, integral, 1e-6);
        Assert.Equal(1.0, density.Weights.Sum(), 1e-12);
        var span = density.Grid[^1] - density.Grid[0];
        Assert.Equal(density.Mean, mean, 1e-6 * span);

        // The density's mean is zᵀHz/n averaged over its own probes: Hutchinson's estimate from the same vectors over n.
        hessian.MoveTo(theta);
        var (hutchinson, _) = HutchinsonTrace.Estimate(hessian, settings.DensityProbes, settings.Seed + 2, []);
        Assert.Equal(hutchinson.Value / hessian.Dimension, density.Mean, 1e-9 * span);
    }

    [Fact]
    public void DensityWithAFullKrylovSpaceHasTheExactMeanTraceOverParameters()
    {
        // With as many steps as parameters every probe's quadrature is exact; the mean over Rademacher probes still
        // estimates the trace, but the nodes are the eigenvalues themselves.
        var (hessian, reference, theta) = Setup("gelu-4-4-nobias", "hessian_train_at_init");
        var expected = Testing.Reference.Doubles(reference.GetProperty("eigenvalues"));
        var settings = new CurvatureSettings { Density = true, DensityProbes = 2, DensitySteps = 24, Trace = false, Exact = false };
        var density = CurvatureAnalysis.Analyze(hessian, theta, settings).Density!;
        var scale = expected.Max(Math.Abs);
        foreach (var node in density.Nodes)
        {
            Assert.True(expected.Min(e => Math.Abs(e - node)) < 1e-7 * scale, $"node {node} is no eigenvalue");
        }
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-1.2, 0.3)]
    [InlineData(2.0, -2.5)]
    public void SeedNetworksSharpnessIsThePlaneAnalysissLargestEigenvalue(double w1, double w2)
    {
        // With one hidden unit the weights plane is the whole parameter space.
        var network = new TanhNetwork(1);
        var calculus = new PlaneCalculus(network, SurfacePlane.Weights(network), Test);
        var (_, high) = calculus.Evaluate(w1, w2).Eigenvalues;
        var report = CurvatureAnalysis.Analyze(network, network.Uniform(w1, w2), Test.X, Test.Y, new CurvatureSettings { Tolerance = 1e-12, Trace = false });
        Assert.True(ScalarReference.RelativeError(report.Top.Values[0], high) < 1e-10, $"λmax {report.Top.Values[0]:R}, plane analysis {high:R}");
        Assert.Equal(high, report.ExactSpectrum![^1], 1e-10 * Math.Abs(high));
    }

    private static (MlpHessian Hessian, System.Text.Json.JsonElement Reference, double[] Theta) Setup(string name, string point)
    {
        var reference = MlpCase.Load(name);
        var atTheta = point == "hessian_test_at_theta";
        var data = atTheta ? Test : Train;
        var hessian = HessianOperators.Create(new Mlp(reference.Spec), data.X, data.Y);
        return (hessian, reference.Json.GetProperty(point), atTheta ? reference.Theta : reference.ThetaInit);
    }
}
