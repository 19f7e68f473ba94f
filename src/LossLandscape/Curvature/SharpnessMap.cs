using System.Diagnostics;
using LossLandscape.Surface;

namespace LossLandscape.Curvature;

/// <summary>λmax of the full Hessian at every grid point of a plane θ₀ + a·d₁ + b·d₂.</summary>
/// <param name="Surface">λmax per grid point (rows a, columns b), as a surface to draw.</param>
/// <param name="Iterations">Hessian-vector products per grid point, in the surface's order.</param>
/// <param name="Converged">True when every point met the tolerance.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record SharpnessSurface(LossSurface Surface, int[] Iterations, bool Converged, double Seconds)
{
    /// <summary>
    /// Computes the map. The first column is walked top to bottom, then the rows run in parallel, each left to right,
    /// on their own copies of the operator, one per core. Every point starts (<see cref="RayleighRitz.Largest"/>) from
    /// the subspace of the previous points of its line: the top eigenvector extrapolated along the line (constant,
    /// linear or quadratic, whichever predicted the latest point best), and the last point's second and third Ritz
    /// vectors; it stops when λmax's value is known to the tolerance. A row depends only on its first point, so the map
    /// does not depend on the thread count. Uses <see cref="CurvatureSettings.Tolerance"/>,
    /// <see cref="CurvatureSettings.Iterations"/> and <see cref="CurvatureSettings.Seed"/>. A point where the curvature is
    /// not finite gets NaN (reported through <see cref="Converged"/> being false), never an exception half-way through.
    /// <paramref name="progress"/> gets the number of finished rows (from any thread, one call at a time).
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
        var starts = new double[axis1.Count][][];
        var theta = new double[hessian.Dimension];
        var line = new Line();
        for (var i = 0; i < axis1.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vectors = Point(hessian, plane, axis1[i], axis2[0], settings, theta, line.Starts(), values, iterations, converged, i * columns);
            line.Push(vectors);
            starts[i] = vectors ?? [];
        }

        // One worker per core, each with its own operator, takes the next row until none is left. More workers than
        // cores (Parallel.For's thread injection made up to six) share the cores and the cache: each operator keeps its
        // point's values (4 MB on 2,000 points). When fewer rows are unfinished than there are workers, the workers
        // still busy run their products' sample groups in parallel (the same sums, bit for bit), so the last rows do
        // not run on one core while the others wait.
        var rows = axis1.Count;
        var degree = Math.Min(Environment.ProcessorCount, rows);
        var next = -1;
        var finished = 0;
        var gate = new object();
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = degree };
        try
        {
            System.Threading.Tasks.Parallel.For(0, degree, options, _ =>
            {
                var worker = hessian.Copy();
                var workerTheta = new double[hessian.Dimension];
                int i;
                while ((i = Interlocked.Increment(ref next)) < rows)
                {
                    var row = new Line();
                    row.Push(starts[i].Length == 0 ? null : starts[i]);
                    for (var j = 1; j < columns; j++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        worker.Parallel = rows - Volatile.Read(ref finished) < degree;
                        var vectors = Point(worker, plane, axis1[i], axis2[j], settings, workerTheta, row.Starts(), values, iterations, converged, (i * columns) + j);
                        row.Push(vectors);
                    }

                    lock (gate)
                    {
                        progress?.Report(++finished);
                    }
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        var surface = new LossSurface(axis1, axis2, plane.Axis1Name, plane.Axis2Name, values);
        return new SharpnessSurface(surface, iterations, converged.All(c => c), clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The last points of a line (latest first) and the starting subspace they give the next point. The top eigenvector
    /// is extrapolated along the line by the form that would have predicted the latest point best from the points
    /// before it: constant, linear or quadratic. Measured, products a point (25 × 25 maps of the 1,32,32,1 MLP on the
    /// test set): on the bench's plane (seed-0 start, small random directions) constant 8.87, linear 6.51, quadratic
    /// 5.99, chosen 6.08; on the tool's (trained model, filter-normalised random plane, a rougher walk) 7.85, 7.92,
    /// 8.21 and 7.88. Where the eigenvector varies smoothly the quadratic form's error is third order in the grid step,
    /// but where the step is large against its variation extrapolation overshoots.
    /// </summary>
    private sealed class Line
    {
        private readonly List<double[][]> _points = [];
        private int _order = 2;

        /// <summary>Adds the latest point's Ritz vectors (null where it failed: the line restarts).</summary>
        public void Push(double[][]? vectors)
        {
            if (vectors is null || vectors.Length == 0)
            {
                _points.Clear();
                _order = 2;
                return;
            }

            _points.Insert(0, vectors);
            if (_points.Count > 4)
            {
                _points.RemoveAt(4);
            }

            // Which extrapolation would have predicted this point's eigenvector best from the points before it: that
            // one predicts the next (judged once two forms can be compared).
            if (_points.Count >= 3)
            {
                var best = -1.0;
                for (var order = 0; order <= Math.Min(2, _points.Count - 2); order++)
                {
                    var predicted = Extrapolate(1, order);
                    var cosine = Math.Abs(Models.DenseKernels.Dot(predicted, _points[0][0])) / Math.Sqrt(Models.DenseKernels.Dot(predicted, predicted));
                    if (cosine > best)
                    {
                        (best, _order) = (cosine, order);
                    }
                }
            }
        }

        /// <summary>
        /// The last point's top eigenvector extrapolated along the line and its second and third Ritz vectors, which
        /// give the gap to λ₂ that the stopping rule needs from the first step on (empty when there is no last point).
        /// </summary>
        public double[]?[] Starts()
        {
            if (_points.Count == 0)
            {
                return [];
            }

            var last = _points[0];
            var starts = new double[]?[Math.Min(last.Length, RayleighRitz.Kept)];
            for (var k = 0; k < starts.Length; k++)
            {
                starts[k] = k == 0 ? Extrapolate(0, _order) : last[k];
            }

            return starts;
        }

        /// <summary>
        /// The top eigenvector extrapolated along the line from the points from <paramref name="from"/> on (signs
        /// aligned with that point's): constant, linear 2·v − v′ or quadratic 3·v − 3·v′ + v″ (at most the order the
        /// points allow).
        /// </summary>
        private double[] Extrapolate(int from, int order)
        {
            var last = _points[from][0];
            order = Math.Min(order, _points.Count - from - 1);
            if (order <= 0)
            {
                return last;
            }

            double[] weights = order == 1 ? [2, -1] : [3, -3, 1];
            var start = new double[last.Length];
            for (var p = 0; p < weights.Length; p++)
            {
                var v = _points[from + p][0];
                var sign = p == 0 || Models.DenseKernels.Dot(last, v) >= 0 ? 1.0 : -1.0;
                Models.DenseKernels.Axpy(weights[p] * sign, v, start);
            }

            return start;
        }
    }

    /// <summary>λmax at (a, b) into <paramref name="values"/>[index]; returns its top Ritz vectors (the next point's start), or null where it failed.</summary>
    private static double[][]? Point(
        MlpHessian hessian,
        SurfacePlane plane,
        double a,
        double b,
        CurvatureSettings settings,
        double[] theta,
        double[]?[] starts,
        double[] values,
        int[] iterations,
        bool[] converged,
        int index)
    {
        plane.PointAt(a, b, theta);
        hessian.MoveWithoutGradient(theta);
        values[index] = double.NaN;
        if (!double.IsFinite(hessian.Loss))
        {
            return null;
        }

        try
        {
            var top = RayleighRitz.Largest(hessian, starts, settings.Tolerance, settings.Iterations, settings.Seed);
            values[index] = top.Value;
            iterations[index] = top.Products;
            converged[index] = top.Converged;
            return top.Vectors;
        }
        catch (ArithmeticException)
        {
            return null;
        }
    }
}
