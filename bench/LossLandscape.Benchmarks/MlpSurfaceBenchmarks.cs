using BenchmarkDotNet.Attributes;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Benchmarks;

/// <summary>
/// A 51 × 51 test surface of the 1,32,32,1 tanh MLP with biases on the 2,000 test points, on a random
/// filter-normalised plane (biases ignored): the case PyTorch's loop (peers/mlp_surface_torch.py) takes 5.3 s for.
/// </summary>
[WarmupCount(3)]
[IterationCount(15)]
public class MlpSurface
{
    private MlpBenchmarkProblem _problem = null!;

    [GlobalSetup]
    public void Setup() => _problem = MlpBenchmarkProblem.Create([1, 32, 32, 1], Activation.Tanh);

    [Benchmark(Description = "1,32,32,1 tanh, 51 × 51, float32 (default)")]
    public LossSurface Single() => _problem.Surface(SurfacePrecision.Single, -1);

    [Benchmark(Description = "1,32,32,1 tanh, 51 × 51, float32, one thread")]
    public LossSurface SingleOneThread() => _problem.Surface(SurfacePrecision.Single, 1);

    [Benchmark(Description = "1,32,32,1 tanh, 51 × 51, float64")]
    public LossSurface Double() => _problem.Surface(SurfacePrecision.Double, -1);
}

/// <summary>The benchmark's model, plane and grid; the plane is made here by hand since planes are built elsewhere.</summary>
public sealed class MlpBenchmarkProblem
{
    private MlpBenchmarkProblem(Mlp model, SurfacePlane plane, GridAxis axis)
    {
        Model = model;
        Plane = plane;
        Axis = axis;
    }

    /// <summary>The model.</summary>
    public Mlp Model { get; }

    /// <summary>θ₀ = PyTorch's default start from seed 0; d₁, d₂ Gaussian from seed 1, each weight row rescaled to θ₀'s row, biases zero.</summary>
    public SurfacePlane Plane { get; }

    /// <summary>−1..1 in 51 steps on both axes.</summary>
    public GridAxis Axis { get; }

    /// <summary>Multiply-adds of one forward pass for one sample.</summary>
    public long MultiplyAdds => Model.Layout.Tensors.Where(t => t.Kind == TensorKind.Weight).Sum(t => (long)t.Length);

    /// <summary>Builds the problem for the given sizes and activation (with biases).</summary>
    public static MlpBenchmarkProblem Create(int[] layers, Activation activation)
    {
        var model = new Mlp(new MlpSpec(layers, activation, Bias: true));
        var origin = model.Initialize(0);
        var random = new Data.LegacyRandom(1);
        var d1 = FilterNormalised(model, origin, random);
        var d2 = FilterNormalised(model, origin, random);
        return new MlpBenchmarkProblem(model, new SurfacePlane(origin, d1, d2, "a", "b"), new GridAxis(-1, 1.02, 0.04));
    }

    /// <summary>The test surface on the seed's 2,000 test points.</summary>
    public LossSurface Surface(SurfacePrecision precision, int threads) =>
        PlaneSurfaceEvaluator.Evaluate(Model, Plane, Axis, Axis, SeedData.Test, null, new PlaneSurfaceOptions { Precision = precision, MaxDegreeOfParallelism = threads }).Test!;

    private static double[] FilterNormalised(Mlp model, double[] origin, Data.LegacyRandom random)
    {
        var d = new double[origin.Length];
        random.FillNormal(d, 0, 1);
        foreach (var tensor in model.Layout.Tensors)
        {
            if (tensor.Kind == TensorKind.Bias)
            {
                d.AsSpan(tensor.Range).Clear();
                continue;
            }

            for (var row = 0; row < tensor.Rows; row++)
            {
                var range = (tensor.Offset + (row * tensor.Columns))..(tensor.Offset + ((row + 1) * tensor.Columns));
                var scale = Norm(origin.AsSpan(range)) / (Norm(d.AsSpan(range)) + 1e-10);
                foreach (ref var value in d.AsSpan(range))
                {
                    value *= scale;
                }
            }
        }

        return d;
    }

    private static double Norm(ReadOnlySpan<double> values) => Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(values));
}
