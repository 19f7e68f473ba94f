using System.Diagnostics;
using LossLandscape.Curvature;

namespace LossLandscape.Benchmarks;

/// <summary>
/// One-shot measurements of the curvature benchmarks' cases with CPU time, products and the load average, for machines
/// too loaded for BenchmarkDotNet: `dotnet run -c Release --project bench/LossLandscape.Benchmarks -- curvature
/// [map|lambda|check] [repeats]`. `check` holds map points and random points of the plane to the dense spectrum.
/// </summary>
internal static class CurvatureDriver
{
    public static void Run(string[] args)
    {
        var mode = args.Length > 1 ? args[1] : "map";
        var repeats = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var bench = new Curvature();
        bench.Setup();
        switch (mode)
        {
            case "map":
                for (var r = 0; r < repeats; r++)
                {
                    Measure("25 x 25 map", () =>
                    {
                        var map = bench.MapResult();
                        var histogram = string.Join(' ', map.Iterations.GroupBy(n => n).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"));
                        return $"{map.Iterations.Sum()} products, {map.Iterations.Average():F2} per point (products:points {histogram}), converged {map.Converged}";
                    });
                }

                break;
            case "lambda":
                for (var r = 0; r < repeats; r++)
                {
                    Measure("λmax residual rule (Top)", () => Describe(bench.TopResult()));
                    Measure("λmax value rule, cold (RayleighRitz.Largest)", () =>
                    {
                        var top = bench.LargestResult();
                        return $"λ {top.Value:R}, {top.Products} products, bound {top.Bound:E2}";
                    });
                }

                break;
            case "trace":
                Trace(bench);
                break;
            case "floor":
                CurvatureFloor.Run(bench.TrainHessian(), repeats);
                break;
            case "check":
                Check(bench, repeats);
                break;
            case "all":
                All(bench);
                break;
            default:
                throw new ArgumentException($"unknown mode {mode}: map, lambda or check");
        }
    }

    private static string Describe(EigenResult top) => $"λ {top.Values[0]:R}, {top.Iterations} products, bound {top.Residuals[0]:E2}";

    private static void Measure(string name, Func<string> action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var what = action();
        var wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        var used = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine($"{name}: {wall:F1} ms wall, {used:F1} ms CPU, load {Load()}: {what}");
    }

    private static void Check(Curvature bench, int points)
    {
        var map = bench.MapResult();
        var test = bench.TestHessian();
        var plane = bench.Plane();
        var axis = bench.Axis();
        var random = new Random(11);
        var theta = new double[plane.Origin.Length];
        var worst = 0.0;
        for (var p = 0; p < points; p++)
        {
            // Alternately a map point (its own value) and a random point of the plane (a cold Lanczos.Top, for comparison).
            double a, b, actual;
            if (p % 2 == 0)
            {
                var i = random.Next(axis.Count);
                var j = random.Next(axis.Count);
                (a, b, actual) = (axis[i], axis[j], map.Surface.Values[(i * axis.Count) + j]);
                plane.PointAt(a, b, theta);
                test.MoveTo(theta);
            }
            else
            {
                a = (2 * random.NextDouble()) - 1;
                b = (2 * random.NextDouble()) - 1;
                plane.PointAt(a, b, theta);
                test.MoveTo(theta);
                actual = Lanczos.Top(test, 1, 1e-6, 300, p).Values[0];
            }

            var spectrum = DenseHessian.Spectrum(test);
            var error = Math.Abs(actual - spectrum[^1]) / Math.Abs(spectrum[^1]);
            worst = Math.Max(worst, error);
            Console.WriteLine($"({a:F4}, {b:F4}): {actual:R} dense {spectrum[^1]:R} λ2 {spectrum[^2]:R} relative error {error:E2}");
        }

        Console.WriteLine($"worst relative error {worst:E2} over {points} points");
    }

    /// <summary>
    /// Every point of the map against a cold Lanczos λmax to a residual of 1e-10·λ (an error bound of 1e-10 relative):
    /// the worst relative error and how many points are off by more than the map's 1e-6.
    /// </summary>
    private static void All(Curvature bench)
    {
        var map = bench.MapResult();
        var test = bench.TestHessian();
        var plane = bench.Plane();
        var axis = bench.Axis();
        var theta = new double[plane.Origin.Length];
        var worst = 0.0;
        var over = 0;
        var above = 0;
        for (var i = 0; i < axis.Count; i++)
        {
            for (var j = 0; j < axis.Count; j++)
            {
                plane.PointAt(axis[i], axis[j], theta);
                test.MoveTo(theta);
                var reference = Lanczos.Top(test, 1, 1e-10, 400, (i * axis.Count) + j);
                var actual = map.Surface.Values[(i * axis.Count) + j];
                var error = Math.Abs(actual - reference.Values[0]) / Math.Abs(reference.Values[0]);
                worst = Math.Max(worst, error);
                over += error > 1e-6 ? 1 : 0;
                above += actual > reference.Values[0] + (reference.Residuals[0] * 1.0001) ? 1 : 0;
            }
        }

        Console.WriteLine($"all {axis.Count * axis.Count} map points against Lanczos at 1e-10: worst relative error {worst:E2}, {over} above 1e-6, {above} map values above the reference's bound");
    }

    private static void Trace(Curvature bench)
    {
        var test = bench.TestHessian();
        var plane = bench.Plane();
        var axis = bench.Axis();
        var theta = new double[plane.Origin.Length];
        foreach (var (i, j) in new[] { (8, 8), (12, 3), (20, 20), (3, 15), (0, 2), (24, 24), (16, 9) })
        {
            double[][] At(int jj)
            {
                plane.PointAt(axis[i], axis[jj], theta);
                test.MoveTo(theta);
                return RayleighRitz.Largest(test, [], 1e-13, 60, 0).Vectors;
            }

            var before = At(j - 2);
            var last = At(j - 1);
            var exact = RayleighRitz.Largest(test, [], 1e-14, 80, 0);
            plane.PointAt(axis[i], axis[j], theta);
            test.MoveTo(theta);
            var truth = RayleighRitz.Largest(test, [], 1e-14, 80, 0);
            var start = new double[last[0].Length];
            var sign = Models.DenseKernels.Dot(last[0], before[0]) < 0 ? -1 : 1;
            for (var k = 0; k < start.Length; k++)
            {
                start[k] = (2 * last[0][k]) - (sign * before[0][k]);
            }

            Console.WriteLine($"point ({i},{j}): λ1 {truth.Value:R}, λ2 {truth.Vectors.Length} vectors; start cos {Math.Abs(Models.DenseKernels.Dot(start, truth.Vectors[0]) / Math.Sqrt(Models.DenseKernels.Dot(start, start))):F8}");
            foreach (var block in new[] { false, true })
            {
                Console.WriteLine(block ? " starts: extrapolated v1, v2, v3" : " start: extrapolated v1");
                for (var k = block ? 3 : 1; k <= 12; k++)
                {
                    var r = RayleighRitz.Largest(test, block ? [start, last[1], last[2]] : [start], 1e-16, k, 0);
                    var flag = truth.Value - r.Value > r.Bound ? "  ** bound below the error" : string.Empty;
                    Console.WriteLine($"  {k} products: error {(truth.Value - r.Value) / truth.Value:E2}, bound {r.Bound / truth.Value:E2}{flag}");
                }
            }
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
