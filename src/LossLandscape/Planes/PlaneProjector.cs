using LossLandscape.Surface;

namespace LossLandscape.Planes;

/// <summary>
/// Projects parameter vectors onto a plane by least squares, accurately: the directions are orthonormalised once (modified
/// Gram–Schmidt, twice), the coordinates come from the orthonormal basis and are refined once from the residual, and the
/// distance is the norm of the residual θ − θ₀ − a·d₁ − b·d₂ summed entry by entry, never a difference of large
/// squared norms. A vector on the plane gets a distance at the level of its own rounding (about 1e-16·‖θ‖).
/// Allocates nothing per projection.
/// </summary>
public sealed class PlaneProjector
{
    private readonly double[] _origin;
    private readonly double[] _d1;
    private readonly double[] _d2;
    private readonly double[] _q1;
    private readonly double[] _q2;
    private readonly double _r11;
    private readonly double _r12;
    private readonly double _r22;

    /// <summary>Prepares the projection onto <paramref name="plane"/>; an error when its directions are zero or parallel.</summary>
    public PlaneProjector(SurfacePlane plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        Plane = plane;
        _origin = plane.Origin;
        _d1 = plane.Direction1;
        _d2 = plane.Direction2;
        var n = _origin.Length;
        _q1 = new double[n];
        _q2 = new double[n];
        _r11 = DirectionNormalizer.Norm(_d1);
        if (!(_r11 > 0) || !double.IsFinite(_r11))
        {
            throw new InvalidOptionException("plane", "the first direction is zero or not finite");
        }

        for (var i = 0; i < n; i++)
        {
            _q1[i] = _d1[i] / _r11;
        }

        _d2.CopyTo(_q2, 0);
        double r12 = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            var c = Dot(_q1, _q2);
            r12 += c;
            for (var i = 0; i < n; i++)
            {
                _q2[i] -= c * _q1[i];
            }
        }

        _r12 = r12;
        _r22 = DirectionNormalizer.Norm(_q2);
        if (!(_r22 > ParallelTolerance * DirectionNormalizer.Norm(_d2)) || !double.IsFinite(_r22))
        {
            throw new InvalidOptionException("plane", "the second direction is zero or parallel to the first");
        }

        for (var i = 0; i < n; i++)
        {
            _q2[i] /= _r22;
        }
    }

    /// <summary>A second direction whose part orthogonal to the first is below this fraction of its length counts as parallel.</summary>
    public const double ParallelTolerance = 1e-10;

    /// <summary>The plane.</summary>
    public SurfacePlane Plane { get; }

    /// <summary>The least-squares coordinates of <paramref name="theta"/> and its distance to the plane.</summary>
    public PlaneProjection Project(ReadOnlySpan<double> theta)
    {
        if (theta.Length != _origin.Length)
        {
            throw new ArgumentException($"theta has {theta.Length} entries; the plane has {_origin.Length}", nameof(theta));
        }

        double c1 = 0, c2 = 0;
        for (var i = 0; i < theta.Length; i++)
        {
            var delta = theta[i] - _origin[i];
            c1 += _q1[i] * delta;
            c2 += _q2[i] * delta;
        }

        var (a, b) = Solve(c1, c2);

        // One step of refinement from the residual recovers the digits the first solve lost to rounding.
        double e1 = 0, e2 = 0;
        for (var i = 0; i < theta.Length; i++)
        {
            var residual = theta[i] - _origin[i] - (a * _d1[i]) - (b * _d2[i]);
            e1 += _q1[i] * residual;
            e2 += _q2[i] * residual;
        }

        var (da, db) = Solve(e1, e2);
        a += da;
        b += db;

        // The residual's norm, scaled as it is summed (LAPACK's dnrm2 recurrence) so that no size overflows.
        double scale = 0, sumSquares = 1;
        for (var i = 0; i < theta.Length; i++)
        {
            var residual = Math.Abs(theta[i] - _origin[i] - (a * _d1[i]) - (b * _d2[i]));
            if (residual == 0)
            {
                continue;
            }

            if (scale < residual)
            {
                sumSquares = 1 + (sumSquares * (scale / residual) * (scale / residual));
                scale = residual;
            }
            else
            {
                sumSquares += (residual / scale) * (residual / scale);
            }
        }

        return new PlaneProjection(a, b, scale * Math.Sqrt(sumSquares));
    }

    /// <summary>Solves R·(a, b) = (c1, c2) for the upper-triangular R of the directions' QR factorisation.</summary>
    private (double A, double B) Solve(double c1, double c2)
    {
        var b = c2 / _r22;
        return ((c1 - (_r12 * b)) / _r11, b);
    }

    private static double Dot(double[] p, double[] q)
    {
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += p[i] * q[i];
        }

        return sum;
    }
}
