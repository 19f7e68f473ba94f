using System.Diagnostics;
using LossLandscape.Curvature;

namespace LossLandscape.Benchmarks;

/// <summary>
/// How far λmax ≤ 20 ms is from this machine: the true relative error of Lanczos's top Ritz value after each number of
/// products (against the dense Hessian's largest eigenvalue), so the fewest products that ANY stopping rule could stop
/// at for 1e-6; and the wall time of one product. `curvature floor [products]`.
/// </summary>
internal static class CurvatureFloor
{
    public static void Run(MlpHessian train, int timedProducts)
    {
        var clock = Stopwatch.StartNew();
        var spectrum = DenseHessian.Spectrum(train);
        var lambda = spectrum[^1];
        Console.WriteLine($"dense λmax {lambda:R}, λ2 {spectrum[^2]:R} (dense Hessian and eigendecomposition in {clock.Elapsed.TotalSeconds:F1} s)");
        var first = 0;
        for (var k = 2; k <= 24; k++)
        {
            var top = Lanczos.Top(train, 1, 1e-15, k, 0);
            var error = Math.Abs(top.Values[0] - lambda) / lambda;
            Console.WriteLine($"{top.Iterations,3} products: Ritz value {top.Values[0]:R}, true relative error {error:E2}, residual/λ {top.Residuals[0] / lambda:E2}");
            if (first == 0 && error <= 1e-6)
            {
                first = top.Iterations;
            }
        }

        var v = new double[train.Dimension];
        var w = new double[train.Dimension];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Math.Sin(i + 1.0);
        }

        for (var i = 0; i < 5; i++)
        {
            train.Multiply(v, w);
        }

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        clock.Restart();
        for (var i = 0; i < timedProducts; i++)
        {
            train.Multiply(v, w);
        }

        var wall = clock.Elapsed.TotalMilliseconds / timedProducts;
        process.Refresh();
        var used = (process.TotalProcessorTime - cpu).TotalMilliseconds / timedProducts;
        Console.WriteLine($"one product: {wall:F2} ms wall, {used:F2} ms CPU (mean of {timedProducts}); the true error first reaches 1e-6 at {first} products: at least {first * wall:F0} ms of products alone");
    }
}
