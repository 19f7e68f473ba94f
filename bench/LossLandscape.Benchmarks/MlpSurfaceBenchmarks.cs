using BenchmarkDotNet.Attributes;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Benchmarks;

/// <summary>
/// A 51 × 51 test surface of the 1,32,32,1 tanh MLP with biases on 2,000 test points, on a random filter-normalised
/// plane (biases ignored): the problem of PyTorch's loop in peers/mlp_surface_torch.py (5.3 s on an idle machine).
/// </summary>
[InProcess]
[WarmupCount(2)]
[IterationCount(5)]
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

/// <summary>
/// The problem of peers/mlp_surface_torch.py, drawn the same way so the two surfaces can be compared value for value:
/// x ~ N(1, 4.5) and y = the seed's piecewise target + N(0, 1) from numpy's RandomState(42); per layer W and b from
/// U(−1/√fan_in, 1/√fan_in), then d₁'s and d₂'s Gaussian weight matrices filter-normalised (biases not moved), from
/// RandomState(0); the grid −1..1 in 51 steps.
/// </summary>
public sealed class MlpBenchmarkProblem
{
    private MlpBenchmarkProblem(Mlp model, SurfacePlane plane, GridAxis axis, Data.RegressionSet data)
    {
        Model = model;
        Plane = plane;
        Axis = axis;
        Data = data;
    }

    /// <summary>The model.</summary>
    public Mlp Model { get; }

    /// <summary>θ₀ and the two filter-normalised directions.</summary>
    public SurfacePlane Plane { get; }

    /// <summary>−1..1 in 51 steps on both axes.</summary>
    public GridAxis Axis { get; }

    /// <summary>The test points.</summary>
    public Data.RegressionSet Data { get; }

    /// <summary>Multiply-adds of one forward pass for one sample.</summary>
    public long MultiplyAdds => Model.Layout.Tensors.Where(t => t.Kind == TensorKind.Weight).Sum(t => (long)t.Length);

    /// <summary>Builds the problem for the given sizes and activation (with biases) on <paramref name="samples"/> points.</summary>
    public static MlpBenchmarkProblem Create(int[] layers, Activation activation, int samples = 2000)
    {
        var rs = new Data.LegacyRandom(42);
        var x = new double[samples];
        var y = new double[samples];
        rs.FillNormal(x, 1, 4.5);
        for (var i = 0; i < samples; i++)
        {
            var v = x[i];
            y[i] = v < -2 ? (2 * v) + 5 : v < 2 ? 7.3 * Math.Sin(v) : (-0.03 * v * v * v) + 2;
        }

        for (var i = 0; i < samples; i++)
        {
            y[i] += rs.NextNormal(0, 1);
        }

        var model = new Mlp(new MlpSpec(layers, activation, Bias: true));
        var origin = new double[model.ParameterCount];
        var d1 = new double[origin.Length];
        var d2 = new double[origin.Length];
        var rw = new Data.LegacyRandom(0);
        for (var layer = 0; layer < model.LayerCount; layer++)
        {
            var weight = model.Layout[$"{2 * layer}.weight"];
            var bias = model.Layout[$"{2 * layer}.bias"];
            var scale = Math.Sqrt(weight.Columns);
            foreach (var range in new[] { weight.Range, bias.Range })
            {
                foreach (ref var value in origin.AsSpan(range))
                {
                    value = (-1.0 + (2.0 * rw.NextDouble())) / scale;
                }
            }

            foreach (var d in new[] { d1, d2 })
            {
                rw.FillNormal(d.AsSpan(weight.Range), 0, 1);
                for (var row = 0; row < weight.Rows; row++)
                {
                    var cells = (weight.Offset + (row * weight.Columns))..(weight.Offset + ((row + 1) * weight.Columns));
                    var factor = Norm(origin.AsSpan(cells)) / (Norm(d.AsSpan(cells)) + 1e-10);
                    foreach (ref var value in d.AsSpan(cells))
                    {
                        value *= factor;
                    }
                }
            }
        }

        return new MlpBenchmarkProblem(model, new SurfacePlane(origin, d1, d2, "a", "b"), new GridAxis(-1, 1.02, 0.04), new Data.RegressionSet(x, y));
    }

    /// <summary>The test surface.</summary>
    public LossSurface Surface(SurfacePrecision precision, int threads) =>
        PlaneSurfaceEvaluator.Evaluate(Model, Plane, Axis, Axis, Data, null, new PlaneSurfaceOptions { Precision = precision, MaxDegreeOfParallelism = threads }).Test!;

    private static double Norm(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value * value;
        }

        return Math.Sqrt(sum);
    }
}
