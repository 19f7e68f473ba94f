using LossLandscape.Data;
using LossLandscape.Models;

namespace LossLandscape.Surface;

/// <summary>Computes the test loss on every point of a grid over a <see cref="SurfacePlane"/>.</summary>
public static class SurfaceEvaluator
{
    /// <summary>The most grid points one surface may have.</summary>
    public const long MaxPoints = 25_000_000;

    /// <summary>
    /// Evaluates the exact mean squared error over <paramref name="data"/> at every (axis1[i], axis2[j]) with the
    /// default <see cref="SurfaceOptions"/>.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="plane">The slice of parameter space.</param>
    /// <param name="axis1">Grid along the plane's first direction (rows).</param>
    /// <param name="axis2">Grid along the plane's second direction (columns).</param>
    /// <param name="data">The pairs the loss is averaged over (the test set).</param>
    /// <param name="onRow">Called once per finished row (from worker threads).</param>
    /// <param name="cancellationToken">Stops the work between rows.</param>
    public static LossSurface Evaluate(
        ISeedNetwork network,
        SurfacePlane plane,
        GridAxis axis1,
        GridAxis axis2,
        RegressionSet data,
        Action? onRow = null,
        CancellationToken cancellationToken = default) =>
        Evaluate(network, plane, axis1, axis2, data, new SurfaceOptions(), onRow, cancellationToken);

    /// <summary>
    /// Evaluates the mean squared error over <paramref name="data"/> at every (axis1[i], axis2[j]).
    /// Rows (or, for <see cref="SurfaceMethod.QuadraticColumns"/>, columns) are computed in parallel; every value is
    /// computed by one thread in a fixed order, so the result does not depend on the number of threads.
    /// Memory is the surface itself plus a few vectors per thread, whatever the number of samples.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="plane">The slice of parameter space.</param>
    /// <param name="axis1">Grid along the plane's first direction (rows).</param>
    /// <param name="axis2">Grid along the plane's second direction (columns).</param>
    /// <param name="data">The pairs the loss is averaged over (the test set).</param>
    /// <param name="options">Method, precision of the general path, and threads.</param>
    /// <param name="onRow">Called once per finished row (from worker threads).</param>
    /// <param name="cancellationToken">Stops the work between rows.</param>
    public static LossSurface Evaluate(
        ISeedNetwork network,
        SurfacePlane plane,
        GridAxis axis1,
        GridAxis axis2,
        RegressionSet data,
        SurfaceOptions options,
        Action? onRow = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(axis1);
        ArgumentNullException.ThrowIfNull(axis2);
        if ((long)axis1.Count * axis2.Count > MaxPoints)
        {
            throw new ArgumentException($"the grid has {(long)axis1.Count * axis2.Count} points; at most {MaxPoints} are allowed");
        }

        // Every element is written, so the array need not be zeroed first.
        var values = GC.AllocateUninitializedArray<double>(axis1.Count * axis2.Count);
        EvaluateInto(network, plane, axis1, axis2, data, options, values, onRow, cancellationToken);
        return new LossSurface(axis1, axis2, plane.Axis1Name, plane.Axis2Name, values);
    }

    /// <summary>
    /// As <see cref="Evaluate(ISeedNetwork, SurfacePlane, GridAxis, GridAxis, RegressionSet, SurfaceOptions, Action?, CancellationToken)"/>,
    /// but writes the row-major values into <paramref name="destination"/> (Axis1.Count × Axis2.Count entries), so
    /// repeated surfaces (sweeps, animations) reuse one buffer and allocate nothing per surface beyond a few vectors per thread.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="plane">The slice of parameter space.</param>
    /// <param name="axis1">Grid along the plane's first direction (rows).</param>
    /// <param name="axis2">Grid along the plane's second direction (columns).</param>
    /// <param name="data">The pairs the loss is averaged over (the test set).</param>
    /// <param name="options">Method, precision of the general path, and threads.</param>
    /// <param name="destination">Receives loss[i·Axis2.Count + j] at (axis1[i], axis2[j]).</param>
    /// <param name="onRow">Called once per finished row (from worker threads).</param>
    /// <param name="cancellationToken">Stops the work between rows.</param>
    public static void EvaluateInto(
        ISeedNetwork network,
        SurfacePlane plane,
        GridAxis axis1,
        GridAxis axis2,
        RegressionSet data,
        SurfaceOptions options,
        double[] destination,
        Action? onRow = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(axis1);
        ArgumentNullException.ThrowIfNull(axis2);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(destination);
        if ((long)axis1.Count * axis2.Count != destination.LongLength)
        {
            throw new ArgumentException($"destination has {destination.LongLength} entries; the grid has {(long)axis1.Count * axis2.Count}", nameof(destination));
        }

        if (plane.Origin.Length != network.ParameterCount)
        {
            throw new ArgumentException("the plane does not match the network's parameter count");
        }

        if (data.Count == 0)
        {
            throw new ArgumentException("the data set is empty", nameof(data));
        }

        if (options.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be -1 or at least 1");
        }

        var method = options.Method ?? ChooseMethod(network, plane);
        var quadraticDirection = method switch
        {
            SurfaceMethod.QuadraticRows => plane.Direction2,
            SurfaceMethod.QuadraticColumns => plane.Direction1,
            _ => null,
        };
        if (quadraticDirection is not null && !network.Layout.MovesOnly(quadraticDirection, layer: 1))
        {
            throw new ArgumentException($"{method} needs its quadratic direction to move only output weights; this plane allows {ChooseMethod(network, plane)}");
        }

        // −1 is all cores, not Parallel.For's unbounded default: a long loop on a busy pool otherwise keeps queuing
        // replicas, and the pool injects a thread for them every half second (the likely cause of the lab tests' runaway
        // thread count under load).
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism };
        var grid = new Grid(network, plane, axis1, axis2, data, destination, onRow);
        switch (method)
        {
            case SurfaceMethod.QuadraticRows:
                QuadraticRows(grid, parallel);
                break;
            case SurfaceMethod.QuadraticColumns:
                QuadraticColumns(grid, parallel);
                break;
            case SurfaceMethod.General when options.Precision == SurfacePrecision.Double:
                GeneralDouble(grid, parallel);
                break;
            case SurfaceMethod.General:
                GeneralSingle(grid, parallel);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), method, "unknown surface method");
        }
    }

    /// <summary>The exact method the plane allows: quadratic along whichever direction moves only output weights, else general.</summary>
    public static SurfaceMethod ChooseMethod(ISeedNetwork network, SurfacePlane plane)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(plane);
        if (network.Layout.MovesOnly(plane.Direction2, layer: 1))
        {
            return SurfaceMethod.QuadraticRows;
        }

        return network.Layout.MovesOnly(plane.Direction1, layer: 1) ? SurfaceMethod.QuadraticColumns : SurfaceMethod.General;
    }

    /// <summary>
    /// Along d₂ only output weights move, so the output is P(x) + b·Q(x) and the loss an exact quadratic in b:
    /// L(b) = mean((P−y)²) + 2b·mean((P−y)·Q) + b²·mean(Q²). One pass over the data gives the whole row.
    /// </summary>
    private static void QuadraticRows(Grid grid, ParallelOptions parallel)
    {
        var n = grid.Network.Hidden;
        var columns = grid.Axis2.Count;
        Parallel.For(
            0,
            grid.Axis1.Count,
            parallel,
            () => new double[grid.Network.ParameterCount],
            (i, _, theta) =>
            {
                grid.Plane.PointAt(grid.Axis1[i], 0, theta);
                var (spp, spq, sqq) = TanhKernels.QuadraticSums(
                    theta.AsSpan(0, n), theta.AsSpan(n, n), grid.Plane.Direction2.AsSpan(n, n), grid.Data.X, grid.Data.Y, parallel.CancellationToken);
                FillQuadratic(grid.Axis2.Values, spp / grid.Data.Count, spq / grid.Data.Count, sqq / grid.Data.Count, grid.Values.AsSpan(i * columns, columns));
                grid.OnRow?.Invoke();
                return theta;
            },
            _ => { });
    }

    /// <summary>The quadratic method with the roles exchanged: sums per column, then every row from them.</summary>
    private static void QuadraticColumns(Grid grid, ParallelOptions parallel)
    {
        var n = grid.Network.Hidden;
        var columns = grid.Axis2.Count;
        var sums = new double[3 * columns];
        Parallel.For(
            0,
            columns,
            parallel,
            () => new double[grid.Network.ParameterCount],
            (j, _, theta) =>
            {
                grid.Plane.PointAt(0, grid.Axis2[j], theta);
                var (spp, spq, sqq) = TanhKernels.QuadraticSums(
                    theta.AsSpan(0, n), theta.AsSpan(n, n), grid.Plane.Direction1.AsSpan(n, n), grid.Data.X, grid.Data.Y, parallel.CancellationToken);
                sums[3 * j] = spp / grid.Data.Count;
                sums[(3 * j) + 1] = spq / grid.Data.Count;
                sums[(3 * j) + 2] = sqq / grid.Data.Count;
                return theta;
            },
            _ => { });
        Parallel.For(
            0,
            grid.Axis1.Count,
            parallel,
            i =>
            {
                var a = grid.Axis1[i];
                var row = grid.Values.AsSpan(i * columns, columns);
                for (var j = 0; j < columns; j++)
                {
                    row[j] = sums[3 * j] + (a * ((2 * sums[(3 * j) + 1]) + (a * sums[(3 * j) + 2])));
                }

                grid.OnRow?.Invoke();
            });
    }

    private static void FillQuadratic(ReadOnlySpan<double> coordinates, double spp, double spq, double sqq, Span<double> destination)
    {
        for (var j = 0; j < coordinates.Length; j++)
        {
            var b = coordinates[j];
            destination[j] = spp + (b * ((2 * spq) + (b * sqq)));
        }
    }

    private static void GeneralDouble(Grid grid, ParallelOptions parallel)
    {
        var n = grid.Network.Hidden;
        var columns = grid.Axis2.Count;
        Parallel.For(
            0,
            grid.Axis1.Count,
            parallel,
            () => new double[grid.Network.ParameterCount],
            (i, _, theta) =>
            {
                var a = grid.Axis1[i];
                var row = grid.Values.AsSpan(i * columns, columns);
                for (var j = 0; j < columns; j++)
                {
                    grid.Plane.PointAt(a, grid.Axis2[j], theta);
                    row[j] = TanhKernels.SumSquaredErrors(theta.AsSpan(0, n), theta.AsSpan(n, n), grid.Data.X, grid.Data.Y, parallel.CancellationToken) / grid.Data.Count;
                }

                grid.OnRow?.Invoke();
                return theta;
            },
            _ => { });
    }

    private static void GeneralSingle(Grid grid, ParallelOptions parallel)
    {
        var n = grid.Network.Hidden;
        var columns = grid.Axis2.Count;
        var x = ToSingle(grid.Data.X);
        var y = ToSingle(grid.Data.Y);
        Parallel.For(
            0,
            grid.Axis1.Count,
            parallel,
            () => (Theta: new double[grid.Network.ParameterCount], Single: new float[grid.Network.ParameterCount]),
            (i, _, scratch) =>
            {
                var a = grid.Axis1[i];
                var row = grid.Values.AsSpan(i * columns, columns);
                for (var j = 0; j < columns; j++)
                {
                    grid.Plane.PointAt(a, grid.Axis2[j], scratch.Theta);
                    for (var p = 0; p < scratch.Theta.Length; p++)
                    {
                        scratch.Single[p] = (float)scratch.Theta[p];
                    }

                    row[j] = TanhKernels.SumSquaredErrors(scratch.Single.AsSpan(0, n), scratch.Single.AsSpan(n, n), x, y, parallel.CancellationToken) / grid.Data.Count;
                }

                grid.OnRow?.Invoke();
                return scratch;
            },
            _ => { });
    }

    private static float[] ToSingle(double[] values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }

    private sealed record Grid(ISeedNetwork Network, SurfacePlane Plane, GridAxis Axis1, GridAxis Axis2, RegressionSet Data, double[] Values, Action? OnRow);
}
