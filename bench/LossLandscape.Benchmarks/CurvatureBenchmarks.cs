using BenchmarkDotNet.Attributes;
using LossLandscape.Curvature;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Benchmarks;

/// <summary>
/// λmax of a 1,32,32,1 tanh MLP with biases (1,153 parameters) at its seed-0 start, on the 8,000 training points, to a
/// relative residual of 1e-6 (Lanczos.Top); and a 25 × 25 λmax map of it on the 2,000 test points. scripts/hessian_peer.py is the
/// PyTorch peer (power iteration on torch.autograd.functional.hvp, as PyHessian does).
/// </summary>
[WarmupCount(2)]
[IterationCount(10)]
public class Curvature
{
    private readonly Mlp _model = new(new MlpSpec([1, 32, 32, 1], Activation.Tanh, Bias: true));
    private readonly CurvatureSettings _settings = new() { Tolerance = 1e-6, Trace = false };
    private MlpHessian _train = null!;
    private MlpHessian _test = null!;
    private double[] _theta = null!;
    private double[] _product = null!;
    private SurfacePlane _plane = null!;
    private GridAxis _axis = null!;

    [GlobalSetup]
    public void Setup()
    {
        _theta = _model.Initialize(0);
        _train = HessianOperators.Create(_model, SeedData.Train.X, SeedData.Train.Y);
        _test = HessianOperators.Create(_model, SeedData.Test.X, SeedData.Test.Y);
        var random = new Random(1);
        var d1 = new double[_theta.Length];
        var d2 = new double[_theta.Length];
        for (var i = 0; i < d1.Length; i++)
        {
            d1[i] = 0.1 * (random.NextDouble() - 0.5);
            d2[i] = 0.1 * (random.NextDouble() - 0.5);
        }

        _plane = new SurfacePlane(_theta, d1, d2, "a", "b");
        _axis = new GridAxis(-1, 1.0001, 2.0 / 24);
        _product = new double[_theta.Length];
        _train.MoveTo(_theta);
        var top = Lanczos.Top(_train, 1, _settings.Tolerance, _settings.Iterations, 0);
        Console.WriteLine($"// λmax {top.Values[0]:R} after {top.Iterations} products, residual {top.Residuals[0]:E2}");
    }

    [Benchmark(Description = "λmax, 1,153 parameters, 8,000 points, tol 1e-6 (Lanczos)")]
    public double LambdaMax()
    {
        _train.MoveTo(_theta);
        return Lanczos.Top(_train, 1, _settings.Tolerance, _settings.Iterations, 0).Values[0];
    }

    [Benchmark(Description = "one Hessian-vector product, 8,000 points")]
    public double Product()
    {
        _train.Multiply(_theta, _product);
        return _product[0];
    }

    public double Map() => MapResult().Surface.Values[0];

    internal SharpnessSurface MapResult() => SharpnessSurface.Compute(_test, _plane, _axis, _axis, _settings);

    internal EigenResult TopResult()
    {
        _train.MoveTo(_theta);
        return Lanczos.Top(_train, 1, _settings.Tolerance, _settings.Iterations, 0);
    }

    internal SubspaceEigen LargestResult()
    {
        _train.MoveTo(_theta);
        return RayleighRitz.Largest(_train, [], _settings.Tolerance, _settings.Iterations, 0);
    }

    internal MlpHessian TestHessian() => _test;

    internal MlpHessian TrainHessian()
    {
        _train.MoveTo(_theta);
        return _train;
    }

    internal SurfacePlane Plane() => _plane;

    internal GridAxis Axis() => _axis;
}

/// <summary>The 25 × 25 λmax map alone, with few iterations (each takes seconds).</summary>
[WarmupCount(1)]
[IterationCount(3)]
public class CurvatureMap
{
    private readonly Curvature _inner = new();

    [GlobalSetup]
    public void Setup() => _inner.Setup();

    [Benchmark(Description = "25 × 25 λmax map, 2,000 test points, tol 1e-6")]
    public double Map() => _inner.Map();
}
