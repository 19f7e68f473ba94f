using System.Diagnostics;
using LossLandscape.Surface;

namespace LossLandscape.Curvature;

/// <summary>λmax of the full Hessian at every grid point of a plane θ₀ + a·d₁ + b·d₂.</summary>
/// <param name="Surface">λmax per grid point (rows a, columns b), as a surface to draw.</param>
/// <param name="Iterations">Lanczos steps (products) per grid point, in the surface's order.</param>
/// <param name="Converged">True when every point met the tolerance.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record SharpnessSurface(LossSurface Surface, int[] Iterations, bool Converged, double Seconds)
{
    /// <summary>
    /// Computes the map. The first column is walked top to bottom, each point's Lanczos iteration starting from the
    /// eigenvector of the point above it; then the rows run in parallel, each left to right from its first point's
    /// eigenvector, on their own copies of the operator. A row depends only on its first point, so the map does not
    /// depend on the thread count. Uses <see cref="CurvatureSettings.Tolerance"/>, <see cref="CurvatureSettings.Iterations"/>
    /// and <see cref="CurvatureSettings.Seed"/>. A point where the curvature is not finite gets NaN (reported through
    /// <see cref="Converged"/> being false), never an exception half-way through. <paramref name="progress"/> gets the
    /// number of finished rows (from any thread, one call at a time).
    /// </summary>
    public static SharpnessSurface Compute(
        MlpHessian hessian,
        SurfacePlane plane,
        GridAxis axis1,
        GridAxis axis2,
        CurvatureSettings settings,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(axis1);
        ArgumentNullException.ThrowIfNull(axis2);
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfInvalid();
        if (plane.Origin.Length != hessian.Dimension)
        {
            throw new InvalidOptionException("surface", $"the plane has {plane.Origin.Length} coordinates; the model has {hessian.Dimension} parameters");
        }

        var clock = Stopwatch.StartNew();
        var columns = axis2.Count;
        var values = new double[axis1.Count * columns];
        var iterations = new int[values.Length];
        var converged = new bool[values.Length];
        var starts = new double[axis1.Count][];
        var theta = new double[hessian.Dimension];
        double[]? previous = null;
        for (var i = 0; i < axis1.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            previous = Point(hessian, plane, axis1[i], axis2[0], settings, theta, previous, values, iterations, converged, i * columns);
            starts[i] = previous ?? [];
        }

        var done = 0;
        var gate = new object();
        var pool = new System.Collections.Concurrent.ConcurrentBag<(MlpHessian Hessian, double[] Theta)>();
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        try
        {
            Parallel.For(
                0,
                axis1.Count,
                options,
                () => pool.TryTake(out var worker) ? worker : (Hessian: hessian.Copy(), Theta: new double[hessian.Dimension]),
                (i, _, worker) =>
                {
                    var start = starts[i].Length == 0 ? null : starts[i];
                    for (var j = 1; j < columns; j++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        start = Point(worker.Hessian, plane, axis1[i], axis2[j], settings, worker.Theta, start, values, iterations, converged, (i * columns) + j);
                    }

                    lock (gate)
                    {
                        progress?.Report(++done);
                    }

                    return worker;
                },
                pool.Add);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        var surface = new LossSurface(axis1, axis2, plane.Axis1Name, plane.Axis2Name, values);
        return new SharpnessSurface(surface, iterations, converged.All(c => c), clock.Elapsed.TotalSeconds);
    }

    /// <summary>λmax at (a, b) into <paramref name="values"/>[index]; returns its eigenvector (the next point's start), or null where it failed.</summary>
    private static double[]? Point(
        MlpHessian hessian,
        SurfacePlane plane,
        double a,
        double b,
        CurvatureSettings settings,
        double[] theta,
        double[]? start,
        double[] values,
        int[] iterations,
        bool[] converged,
        int index)
    {
        plane.PointAt(a, b, theta);
        hessian.MoveTo(theta);
        values[index] = double.NaN;
        if (!double.IsFinite(hessian.Loss))
        {
            return null;
        }

        try
        {
            var top = Lanczos.Top(hessian, 1, settings.Tolerance, settings.Iterations, settings.Seed, start);
            values[index] = top.Values[0];
            iterations[index] = top.Iterations;
            converged[index] = top.Converged;
            return top.Vectors[0];
        }
        catch (ArithmeticException)
        {
            return null;
        }
    }
}
