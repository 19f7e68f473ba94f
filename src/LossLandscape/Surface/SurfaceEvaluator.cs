using LossLandscape.Data;
using LossLandscape.Nn;

namespace LossLandscape.Surface;

/// <summary>Computes the test loss on every point of a grid over a <see cref="SurfacePlane"/>.</summary>
public static class SurfaceEvaluator
{
    /// <summary>The most grid points one surface may have.</summary>
    public const long MaxPoints = 25_000_000;

    /// <summary>
    /// Evaluates the exact mean squared error over <paramref name="data"/> at every (axis1[i], axis2[j]).
    /// Rows are computed in parallel; every value is computed by one thread in a fixed order, so the result
    /// does not depend on the number of threads.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="plane">The slice of parameter space.</param>
    /// <param name="axis1">Grid along the plane's first direction (rows).</param>
    /// <param name="axis2">Grid along the plane's second direction (columns).</param>
    /// <param name="data">The pairs the loss is averaged over (the test set).</param>
    /// <param name="onRow">Called once per finished row (from worker threads).</param>
    /// <param name="cancellationToken">Stops the work between rows.</param>
    public static LossSurface Evaluate(
        TanhNetwork network,
        SurfacePlane plane,
        GridAxis axis1,
        GridAxis axis2,
        RegressionSet data,
        Action? onRow = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(axis1);
        ArgumentNullException.ThrowIfNull(axis2);
        ArgumentNullException.ThrowIfNull(data);
        if ((long)axis1.Count * axis2.Count > MaxPoints)
        {
            throw new ArgumentException($"the grid has {(long)axis1.Count * axis2.Count} points; at most {MaxPoints} are allowed");
        }

        if (plane.Origin.Length != network.ParameterCount)
        {
            throw new ArgumentException("the plane does not match the network's parameter count");
        }

        var values = new double[axis1.Count * axis2.Count];
        var quadratic = network.Layout.MovesOnly(plane.Direction2, ParameterRole.OutputWeight);
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(
            0,
            axis1.Count,
            options,
            () => new double[3 * network.ParameterCount],
            (i, _, scratch) =>
            {
                var row = values.AsSpan(i * axis2.Count, axis2.Count);
                if (quadratic)
                {
                    QuadraticRow(network, plane, axis1[i], axis2.Values, data, scratch, row);
                }
                else
                {
                    DirectRow(network, plane, axis1[i], axis2.Values, data, scratch, row);
                }

                onRow?.Invoke();
                return scratch;
            },
            _ => { });
        return new LossSurface(axis1, axis2, plane.Axis1Name, plane.Axis2Name, values);
    }

    /// <summary>
    /// Along d₂ only output weights move, so the output is P(x) + b·Q(x) and the loss an exact quadratic in b:
    /// L(b) = mean((P−y)²) + 2b·mean((P−y)·Q) + b²·mean(Q²). One pass over the data gives the whole row.
    /// </summary>
    private static void QuadraticRow(TanhNetwork network, SurfacePlane plane, double a, ReadOnlySpan<double> bs, RegressionSet data, Span<double> scratch, Span<double> row)
    {
        var n = network.Hidden;
        var theta = scratch[..network.ParameterCount];
        plane.PointAt(a, 0, theta);
        var u = theta[..n];
        var p = theta[n..];
        var q = plane.Direction2.AsSpan(n, n);
        double spp = 0, spq = 0, sqq = 0;
        var x = data.X;
        var y = data.Y;
        for (var k = 0; k < x.Length; k++)
        {
            double pk = 0, qk = 0;
            for (var h = 0; h < n; h++)
            {
                var t = Math.Tanh(u[h] * x[k]);
                pk += p[h] * t;
                qk += q[h] * t;
            }

            var r = pk - y[k];
            spp += r * r;
            spq += r * qk;
            sqq += qk * qk;
        }

        var count = (double)x.Length;
        spp /= count;
        spq /= count;
        sqq /= count;
        for (var j = 0; j < bs.Length; j++)
        {
            var b = bs[j];
            row[j] = spp + (b * ((2 * spq) + (b * sqq)));
        }
    }

    private static void DirectRow(TanhNetwork network, SurfacePlane plane, double a, ReadOnlySpan<double> bs, RegressionSet data, Span<double> scratch, Span<double> row)
    {
        var theta = scratch[..network.ParameterCount];
        for (var j = 0; j < bs.Length; j++)
        {
            plane.PointAt(a, bs[j], theta);
            row[j] = network.Loss(theta, data.X, data.Y);
        }
    }
}
