using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LossLandscape.Curvature;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Surface;

namespace LossLandscape.Benchmarks;

/// <summary>
/// `peak`: the machine's own multiply-add rate (float32 and float64, 128/256/512-bit as the CPU runs them, one core and
/// all cores) and every hot kernel's achieved rate as a fraction of it. Run it as
/// `flock /tmp/bench.lock chrt -r 50 dotnet run -c Release --project bench/LossLandscape.Benchmarks -- peak`
/// (`--quick` leaves out ONNX Runtime, `--filter TEXT` times only the kernels whose name contains TEXT).
/// </summary>
/// <remarks>
/// Flops are counted analytically, an FMA as 2 and an add, multiply or divide as 1 (min, max, sign and bit operations
/// as 0), from the shapes alone: the work the algorithm needs, not the instructions a kernel happens to issue (padding
/// lanes and per-point set-up such as θ(a, b) are not counted, so they show as lost efficiency). An activation counts
/// as the arithmetic of this project's vector tanh: 38 operations in float64 (<see cref="TanhKernels"/>: range
/// reduction 8, degree-13 polynomial 27, reconstruction and the quotient 3 … see <see cref="DoubleTanhFlops"/>) and 19
/// in float32 (two degree-4 polynomials in x² and the quotient). A kernel's fraction is of the peak of its own precision
/// and thread count (one core, or all cores), the best of the vector widths the CPU accelerates.
/// </remarks>
internal static class Peak
{
    /// <summary>
    /// float64 tanh: −2|w| 1, k = round(z·log₂e) 3 (FMA and subtract), r = z − k·ln2 in two parts 4, the polynomial's
    /// 11 FMA 22, r² 1, p = q·r² + r 2, s − 1 1, s·p + (s − 1) 2, em1 + 2 1, the quotient 1.
    /// </summary>
    public const int DoubleTanhFlops = 38;

    /// <summary>float32 tanh: x² 1, P and Q of degree 4 in x² (4 FMA each) 16, x·P 1, the quotient 1.</summary>
    public const int SingleTanhFlops = 19;

    private const int Chains = 12;
    private static readonly TimeSpan KernelTime = TimeSpan.FromSeconds(1.5);

    public static void Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var at = Array.IndexOf(args, "--filter");
        var filter = at >= 0 && at + 1 < args.Length ? args[at + 1] : "";
        Console.WriteLine($"peak meter, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Cpu()}, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}");
        Console.WriteLine($"vectors: 128-bit {Vector128.IsHardwareAccelerated}, 256-bit {Vector256.IsHardwareAccelerated}, 512-bit {Vector512.IsHardwareAccelerated}");
        var all = Environment.ProcessorCount;
        var peaks = new Dictionary<(bool Single, int Threads), double>();
        foreach (var single in new[] { true, false })
        {
            foreach (var threads in new[] { 1, all }.Distinct())
            {
                var best = 0.0;
                foreach (var bits in new[] { 128, 256, 512 })
                {
                    if (!Accelerated(bits))
                    {
                        continue;
                    }

                    var rate = FmaRate(single, bits, threads);
                    best = Math.Max(best, rate);
                    Console.WriteLine($"  FMA {(single ? "float32" : "float64")} {bits}-bit, {Threads(threads)}: {Rate(rate)}");
                }

                peaks[(single, threads)] = best;
            }
        }

        Console.WriteLine();
        Console.WriteLine("| kernel | threads | achieved | fraction of peak |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var kernel in Kernels(quick))
        {
            if (!kernel.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var threads = kernel.Threads == -1 ? all : kernel.Threads;
            var seconds = Time(kernel.Action);
            var rate = kernel.Flops / seconds;
            var fraction = rate / peaks[(kernel.Single, threads)];
            Console.WriteLine($"| {kernel.Name} | {Threads(threads)} | {Rate(rate)} ({seconds * 1e3:F3} ms per call) | {fraction:P1} of the {(kernel.Single ? "float32" : "float64")} peak |");
        }
    }

    private static bool Accelerated(int bits) => bits switch
    {
        128 => Vector128.IsHardwareAccelerated,
        256 => Vector256.IsHardwareAccelerated,
        _ => Vector512.IsHardwareAccelerated,
    };

    private static string Threads(int threads) => threads == 1 ? "1 core" : $"{threads} cores";

    private static string Rate(double flops) => $"{flops / 1e9:F1} Gflop/s";

    private static string Cpu()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/cpuinfo");
            string Field(string key) => lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            return $"{Field("model name")} (family {Field("cpu family")} model {Field("model\t")})";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    /// <summary>The median time of one call, after two warm-up calls, over at least three calls and <see cref="KernelTime"/>.</summary>
    private static double Time(Action action)
    {
        action();
        action();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 3 || total.Elapsed < KernelTime)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>flop/s of <see cref="Chains"/> independent FMA chains per thread, the best of five runs of about 0.1 s.</summary>
    private static double FmaRate(bool single, int bits, int threads)
    {
        const long iterations = 4_000_000;
        var lanes = bits / (single ? 32 : 64);
        var flops = 2.0 * Chains * lanes * iterations * threads;
        var best = 0.0;
        for (var run = 0; run < 6; run++)
        {
            var clock = Stopwatch.StartNew();
            var sinks = new double[threads];
            System.Threading.Tasks.Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                sinks[t] = (single, bits) switch
                {
                    (true, 128) => Chains128<float>(iterations),
                    (true, 256) => Chains256<float>(iterations),
                    (true, _) => Chains512<float>(iterations),
                    (false, 128) => Chains128<double>(iterations),
                    (false, 256) => Chains256<double>(iterations),
                    _ => Chains512<double>(iterations),
                });
            var seconds = clock.Elapsed.TotalSeconds;
            if (run > 0)
            {
                best = Math.Max(best, flops / seconds);
            }

            GC.KeepAlive(sinks);
        }

        return best;
    }

    // Twelve chains: Zen 4 and most x86 cores have two FMA pipes of four cycles' latency, so eight chains in flight keep
    // both busy; twelve leave room for a longer latency and still fit the 16 registers of AVX2 with the two constants.
    // x ← x·m + c converges to c / (1 − m) and never overflows or goes subnormal.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Chains128<T>(long iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = Vector128.Create(T.CreateTruncating(0.999));
        var c = Vector128.Create(T.CreateTruncating(0.001));
        Vector128<T> x0 = m, x1 = c, x2 = m, x3 = c, x4 = m, x5 = c, x6 = m, x7 = c, x8 = m, x9 = c, x10 = m, x11 = c;
        for (var i = 0L; i < iterations; i++)
        {
            x0 = Fma(x0, m, c);
            x1 = Fma(x1, m, c);
            x2 = Fma(x2, m, c);
            x3 = Fma(x3, m, c);
            x4 = Fma(x4, m, c);
            x5 = Fma(x5, m, c);
            x6 = Fma(x6, m, c);
            x7 = Fma(x7, m, c);
            x8 = Fma(x8, m, c);
            x9 = Fma(x9, m, c);
            x10 = Fma(x10, m, c);
            x11 = Fma(x11, m, c);
        }

        return double.CreateTruncating(Vector128.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Chains256<T>(long iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = Vector256.Create(T.CreateTruncating(0.999));
        var c = Vector256.Create(T.CreateTruncating(0.001));
        Vector256<T> x0 = m, x1 = c, x2 = m, x3 = c, x4 = m, x5 = c, x6 = m, x7 = c, x8 = m, x9 = c, x10 = m, x11 = c;
        for (var i = 0L; i < iterations; i++)
        {
            x0 = Fma(x0, m, c);
            x1 = Fma(x1, m, c);
            x2 = Fma(x2, m, c);
            x3 = Fma(x3, m, c);
            x4 = Fma(x4, m, c);
            x5 = Fma(x5, m, c);
            x6 = Fma(x6, m, c);
            x7 = Fma(x7, m, c);
            x8 = Fma(x8, m, c);
            x9 = Fma(x9, m, c);
            x10 = Fma(x10, m, c);
            x11 = Fma(x11, m, c);
        }

        return double.CreateTruncating(Vector256.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Chains512<T>(long iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = Vector512.Create(T.CreateTruncating(0.999));
        var c = Vector512.Create(T.CreateTruncating(0.001));
        Vector512<T> x0 = m, x1 = c, x2 = m, x3 = c, x4 = m, x5 = c, x6 = m, x7 = c, x8 = m, x9 = c, x10 = m, x11 = c;
        for (var i = 0L; i < iterations; i++)
        {
            x0 = Fma(x0, m, c);
            x1 = Fma(x1, m, c);
            x2 = Fma(x2, m, c);
            x3 = Fma(x3, m, c);
            x4 = Fma(x4, m, c);
            x5 = Fma(x5, m, c);
            x6 = Fma(x6, m, c);
            x7 = Fma(x7, m, c);
            x8 = Fma(x8, m, c);
            x9 = Fma(x9, m, c);
            x10 = Fma(x10, m, c);
            x11 = Fma(x11, m, c);
        }

        return double.CreateTruncating(Vector512.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Fma<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    private sealed record Kernel(string Name, bool Single, int Threads, double Flops, Action Action);

    private static IEnumerable<Kernel> Kernels(bool quick)
    {
        // The seed: 1 → 1 → 1 tanh network on its 2,000 test points, the default 80 × 80 grid over (w₁, w₂).
        var seed = new TanhNetwork(1);
        var seedPlane = new SurfacePlane([0.0, 0.0], [1.0, 0.0], [0.0, 1.0], "w1", "w2");
        var seedAxis = new GridAxis(-2, 2, 0.05);
        var test = SeedData.Test;
        var n = test.Count;

        // Quadratic rows (the seed's default): per row and sample, u·x 1, tanh, P and Q 2 FMA each 4, r 1, three sums 6.
        var rows = (double)seedAxis.Count * n * (1 + DoubleTanhFlops + 4 + 1 + 6);
        yield return new("seed exact surface, quadratic rows, float64, 80 × 80", false, -1, rows,
            () => SurfaceEvaluator.Evaluate(seed, seedPlane, seedAxis, seedAxis, test));

        // General path: per point and sample, u·x 1, tanh, v·t FMA 2, r 1, r² FMA 2.
        var general = (double)seedAxis.Count * seedAxis.Count * n * (1 + 2 + 1 + 2);
        yield return new("seed exact surface, general, float64, 80 × 80", false, -1, general + ((double)seedAxis.Count * seedAxis.Count * n * DoubleTanhFlops),
            () => SurfaceEvaluator.Evaluate(seed, seedPlane, seedAxis, seedAxis, test, new SurfaceOptions { Method = SurfaceMethod.General, Precision = SurfacePrecision.Double }));
        yield return new("seed exact surface, general, float32, 80 × 80", true, -1, general + ((double)seedAxis.Count * seedAxis.Count * n * SingleTanhFlops),
            () => SurfaceEvaluator.Evaluate(seed, seedPlane, seedAxis, seedAxis, test, new SurfaceOptions { Method = SurfaceMethod.General, Precision = SurfacePrecision.Single }));

        // The MLP plane surface kernel on the 1,32,32,1 problem of peers/mlp_surface_torch.py.
        var problem = MlpBenchmarkProblem.Create([1, 32, 32, 1], Activation.Tanh);
        var points = (double)problem.Axis.Count * problem.Axis.Count * problem.Data.Count;
        foreach (var single in new[] { true, false })
        {
            var precision = single ? SurfacePrecision.Single : SurfacePrecision.Double;
            var perSample = PlaneKernelFlops(problem.Model, single ? SingleTanhFlops : DoubleTanhFlops);
            foreach (var threads in new[] { -1, 1 })
            {
                yield return new($"MLP plane surface kernel, 1,32,32,1, {(single ? "float32" : "float64")}, 51 × 51", single, threads, points * perSample, () => problem.Surface(precision, threads));
            }
        }

        // The training step: one forward and backward pass of a batch of 32 and SGD's update.
        var sgd = new LossLandscape.Optim.Sgd();
        var mlp = problem.Model;
        var theta = mlp.Initialize(0);
        var gradient = new double[theta.Length];
        var batchX = SeedData.Train.X[..32];
        var batchY = SeedData.Train.Y[..32];
        const int StepsPerCall = 200;
        yield return new("training step, 1,32,32,1, batch 32, float64 (200 steps a call)", false, 1, StepsPerCall * ((32 * TrainingFlops(mlp)) + (2.0 * theta.Length)), () =>
        {
            for (var i = 0; i < StepsPerCall; i++)
            {
                mlp.LossAndGradient(theta, batchX, batchY, gradient);
                sgd.Step(theta, gradient, 1e-9);
            }
        });
        var seedTheta = new[] { -1.0, -1.0 };
        var seedGradient = new double[2];
        // The seed's step (TanhKernels.SumsForGradient): per sample u·x 1, tanh, v·t 2, r 1, r² 2, and per unit the sums
        // r·t 2 and r·v·(1 − t²)·x 6; SGD's update 2 a parameter.
        yield return new("training step, seed 1,1,1, batch 32, float64 (200 steps a call)", false, 1, StepsPerCall * ((32 * (14.0 + DoubleTanhFlops)) + 4), () =>
        {
            for (var i = 0; i < StepsPerCall; i++)
            {
                seed.LossAndGradient(seedTheta, batchX, batchY, seedGradient);
                sgd.Step(seedTheta, seedGradient, 1e-9);
            }
        });

        // The exact Hessian-vector product of the curvature benchmark: 1,32,32,1 at its seed-0 start, 8,000 points.
        var curvature = new Curvature();
        curvature.Setup();
        var hessian = curvature.TrainHessian();
        var v = new double[hessian.Dimension];
        var w = new double[hessian.Dimension];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Math.Sin(i + 1.0);
        }

        var hvp = HessianVectorFlops(hessian.Model, hessian.Samples);
        yield return new("exact Hessian-vector product, 1,32,32,1, 8,000 points, float64", false, -1, hvp, () => hessian.Multiply(v, w));
        hessian.Parallel = false;
        yield return new("exact Hessian-vector product, 1,32,32,1, 8,000 points, float64", false, 1, hvp, () => hessian.Multiply(v, w));
        hessian.Parallel = true;

        // The product's two inner shapes alone, on one chunk of 64 samples (operands in L1/L2): 32 × 32 weights.
        var rng = new Random(3);
        double[] Fill(int length) => [.. Enumerable.Range(0, length).Select(_ => rng.NextDouble() - 0.5)];
        var (pm, qm, am, bm, om) = (Fill(1024), Fill(1024), Fill(32 * 64), Fill(32 * 64), new double[32 * 64]);
        const int Repeats = 100;
        yield return new("  inner: RKernels.Combine, two products, 32 × 32 by 64 samples (100 a call)", false, 1, Repeats * 4.0 * 32 * 32 * 64, () =>
        {
            for (var i = 0; i < Repeats; i++)
            {
                RKernels.Combine(pm, am, qm, bm, default, om, 32, 32, 32, 1, 64, 64);
            }
        });
        yield return new("  inner: RKernels.Combine, transposed, 32 × 32 by 64 samples (100 a call)", false, 1, Repeats * 2.0 * 32 * 32 * 64, () =>
        {
            for (var i = 0; i < Repeats; i++)
            {
                RKernels.Combine(pm, am, default, default, default, om, 32, 32, 1, 32, 64, 64);
            }
        });
        var outer = new double[1024];
        yield return new("  inner: RKernels.AddOuter, 32 × 32 by 64 samples (100 a call)", false, 1, Repeats * 2.0 * 32 * 32 * 64, () =>
        {
            for (var i = 0; i < Repeats; i++)
            {
                RKernels.AddOuter(am, bm, default, default, outer, 32, 32, 64, 64);
            }
        });

        if (quick)
        {
            yield break;
        }

        // ONNX Runtime: the same 1,32,32,1 MLP exported as ONNX (float32 Gemm layers), the same 51 × 51 plane.
        var file = Path.Combine(Path.GetTempPath(), $"peak-mlp-{Environment.ProcessId}.onnx");
        try
        {
            using (var stream = File.Create(file))
            {
                Google.Protobuf.MessageExtensions.WriteTo(OnnxMlpExport.Build(problem.Model.Spec, problem.Plane.Origin), stream);
            }

            using var onnx = OnnxRuntimeModel.Create(OnnxGraph.Read(file), null, null, LossKind.MeanSquaredError);
            var perPoint = problem.Data.Count * ForwardFlops(problem.Model, SingleTanhFlops);
            var grid = (double)problem.Axis.Count * problem.Axis.Count;
            yield return new("ONNX Runtime surface, 1,32,32,1, float32, 51 × 51 (per point: the whole grid / points)", true, -1, grid * perPoint,
                () => PlaneSurfaceEvaluator.Evaluate(onnx, problem.Plane, problem.Axis, problem.Axis, problem.Data, null));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Per sample and grid point of <see cref="MlpPlaneKernel{T}"/>: the first layer from its three prepared terms
    /// (2 FMA a unit), each later hidden layer's fanIn·fanOut FMA and bias add, an activation per hidden unit, the output's
    /// FMA, and the residual and its square (subtract 1, FMA 2).
    /// </summary>
    internal static double PlaneKernelFlops(Mlp model, int activation)
    {
        var sizes = model.Sizes;
        var layers = sizes.Count - 1;
        var flops = 4.0 * sizes[1];
        for (var l = 1; l < layers; l++)
        {
            flops += activation * sizes[l];
            flops += (2.0 * sizes[l] * sizes[l + 1]) + (model.HasBias && l + 1 < layers ? sizes[l + 1] : 0);
        }

        return flops + 3;
    }

    /// <summary>One full forward pass of a sample (every layer's fanIn·fanOut FMA and bias add, an activation per hidden unit) and its squared error.</summary>
    internal static double ForwardFlops(Mlp model, int activation)
    {
        var sizes = model.Sizes;
        var flops = 3.0;
        for (var l = 0; l + 1 < sizes.Count; l++)
        {
            flops += (2.0 * sizes[l] * sizes[l + 1]) + (model.HasBias ? sizes[l + 1] : 0);
            if (l + 2 < sizes.Count)
            {
                flops += activation * sizes[l + 1];
            }
        }

        return flops;
    }

    /// <summary>
    /// Forward (see <see cref="ForwardFlops"/>) and backward of one sample: the gradient's outer product fanIn·fanOut
    /// FMA a layer, δ carried down through every layer but the first (fanIn·fanOut FMA and f′ = 1 − a² and its product,
    /// 3 a unit), the bias sums.
    /// </summary>
    internal static double TrainingFlops(Mlp model)
    {
        var sizes = model.Sizes;
        var flops = ForwardFlops(model, DoubleTanhFlops);
        for (var l = 0; l + 1 < sizes.Count; l++)
        {
            flops += (2.0 * sizes[l] * sizes[l + 1]) + (model.HasBias ? sizes[l + 1] : 0);
            if (l > 0)
            {
                flops += (2.0 * sizes[l] * sizes[l + 1]) + (3.0 * sizes[l]);
            }
        }

        return flops;
    }

    /// <summary>
    /// One product of <see cref="MlpHessian"/> (its point's values cached): per sample, R-forward R{z} = V·a + W·R{a}
    /// (fanIn·fanOut FMA for the first layer, twice that after it) and R{a} = f′⊙R{z} (1 a hidden unit); R-backward
    /// R{∂W} = R{δ}·aᵀ + δ·R{a}ᵀ (fanIn·fanOut FMA, twice after the first layer), the bias sums (1 a unit),
    /// R{δ} = (Vᵀδ + WᵀR{δ})⊙f′ + (Wᵀδ)⊙f″⊙R{z} (2·fanIn·fanOut FMA and 3 a unit); with few inputs the second layer's
    /// δ₂-terms are folded into sums fixed at the point, which leaves one of each pair of products there and adds
    /// 2·(inputs + 1)·h₁·h₂ FMA a product. Per product: the groups' partial sums and the scale (2 a parameter).
    /// </summary>
    internal static double HessianVectorFlops(Mlp model, int samples)
    {
        var sizes = model.Sizes;
        var layers = sizes.Count - 1;
        var fold = layers >= 2 && sizes[0] <= 8;
        var perSample = 0.0;
        for (var l = 0; l < layers; l++)
        {
            var block = 2.0 * sizes[l] * sizes[l + 1];
            perSample += l == 0 ? block : 2 * block;
            if (l + 1 < layers)
            {
                perSample += sizes[l + 1];
            }

            var pairs = l > 1 || (l == 1 && !fold) ? 2 : 1;
            perSample += (pairs * block) + (model.HasBias ? sizes[l + 1] : 0);
            if (l > 0)
            {
                perSample += ((fold && l == 1 ? 1 : 2) * block) + (3.0 * sizes[l]);
            }
        }

        var perProduct = 2.0 * model.ParameterCount;
        if (fold)
        {
            perProduct += 2.0 * 2 * (sizes[0] + (model.HasBias ? 1 : 0)) * sizes[1] * sizes[2];
        }

        return (samples * perSample) + perProduct;
    }
}
