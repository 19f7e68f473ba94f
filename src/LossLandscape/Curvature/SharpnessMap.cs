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
    /// Computes the map: the points are visited row by row, alternating direction (boustrophedon), so each point's
    /// iteration starts from the eigenvector of the point just before it, its neighbour. Uses
    /// <see cref="CurvatureSettings.Tolerance"/>, <see cref="CurvatureSettings.Iterations"/> and
    /// <see cref="CurvatureSettings.Seed"/>. A point where the curvature is not finite gets NaN (reported through
    /// <see cref="Converged"/> being false), never an exception half-way through.
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
        var values = new double[axis1.Count * axis2.Count];
        var iterations = new int[values.Length];
        var theta = new double[hessian.Dimension];
        double[]? previous = null;
        var converged = true;
        for (var i = 0; i < axis1.Count; i++)
        {
            for (var step = 0; step < axis2.Count; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var j = i % 2 == 0 ? step : axis2.Count - 1 - step;
                var index = (i * axis2.Count) + j;
                plane.PointAt(axis1[i], axis2[j], theta);
                hessian.MoveTo(theta);
                if (!double.IsFinite(hessian.Loss))
                {
                    values[index] = double.NaN;
                    converged = false;
                    previous = null;
                    continue;
                }

                try
                {
                    var top = Lanczos.Top(hessian, 1, settings.Tolerance, settings.Iterations, settings.Seed, previous);
                    values[index] = top.Values[0];
                    iterations[index] = top.Iterations;
                    converged &= top.Converged;
                    previous = top.Vectors[0];
                }
                catch (ArithmeticException)
                {
                    values[index] = double.NaN;
                    converged = false;
                    previous = null;
                }
            }

            progress?.Report(i + 1);
        }

        var surface = new LossSurface(axis1, axis2, plane.Axis1Name, plane.Axis2Name, values);
        return new SharpnessSurface(surface, iterations, converged, clock.Elapsed.TotalSeconds);
    }
}
