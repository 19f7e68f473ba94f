using BenchmarkDotNet.Attributes;
using LossLandscape.Analysis;
using LossLandscape.Surface;

namespace LossLandscape.Benchmarks;

/// <summary>
/// The analysis of <see cref="MlpSurface"/>'s problem (1,32,32,1 tanh with biases, 2,000 test points, 51 × 51 random
/// plane): one exact plane evaluation (loss, gradient, 2 × 2 Hessian) by second-order forward mode, the former
/// Richardson differences of eight exact gradients, one backpropagated gradient for scale, and the whole critical-point
/// search on the float32 surface. In-process and short: the machine is shared.
/// </summary>
[InProcess]
[WarmupCount(2)]
[IterationCount(5)]
public class MlpAnalysis
{
    private MlpBenchmarkProblem _problem = null!;
    private MlpPlaneCalculus _exact = null!;
    private ModelPlaneCalculus _richardson = null!;
    private LossSurface _surface = null!;
    private double[] _theta = null!;
    private double[] _gradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _problem = MlpBenchmarkProblem.Create([1, 32, 32, 1], Models.Activation.Tanh);
        _exact = new MlpPlaneCalculus(_problem.Model, _problem.Plane, _problem.Data.X, _problem.Data.Y);
        _richardson = new ModelPlaneCalculus(_problem.Model, _problem.Plane, _problem.Data.X, _problem.Data.Y);
        _surface = _problem.Surface(SurfacePrecision.Single, -1);
        _theta = new double[_problem.Model.ParameterCount];
        _problem.Plane.PointAt(0.1, 0.2, _theta);
        _gradient = new double[_theta.Length];
    }

    [Benchmark(Description = "plane derivatives, exact forward mode (one evaluation)")]
    public PlaneDerivatives Exact() => _exact.Evaluate(0.1, 0.2);

    [Benchmark(Description = "plane derivatives, Richardson on 8 gradients (one evaluation)")]
    public PlaneDerivatives Richardson() => _richardson.Evaluate(0.1, 0.2);

    [Benchmark(Description = "one backpropagated gradient")]
    public double Gradient() => _problem.Model.LossAndGradient(_theta, _problem.Data.X, _problem.Data.Y, _gradient);

    [Benchmark(Description = "critical points of the 51 × 51 surface (exact calculus)")]
    public int CriticalPoints() => CriticalPointFinder.Find(_exact, _surface).Count;
}
