using System.Globalization;
using LossLandscape.Surface;

namespace LossLandscape.Analysis;

/// <summary>
/// Finds the critical points of a surface: candidates from the grid (points no higher or no lower than their eight
/// neighbours, points whose neighbours alternate above and below at least twice around them, and points where the
/// grid's slope is flattest among their neighbours), refined by Newton's method on the exact
/// loss and classified by the exact Hessian's eigenvalues. A grid minimum on the grid's edge from which Newton finds
/// no minimum inside the grid is reported as <see cref="CriticalPointKind.Edge"/>. Where each evaluation is a pass over
/// the data (<see cref="IPlaneCalculus.NewtonIterations"/> below <see cref="MaxIterations"/>), Newton starts from the
/// grid's quadratic fit, stops at that budget, drops a candidate whose iterate comes next to a point already found,
/// and edge minima are reported without a search from the edge.
/// </summary>
public static class CriticalPointFinder
{
    /// <summary>At most this many grid candidates are refined (the lowest minima, highest maxima, saddles in grid order).</summary>
    public const int MaxCandidates = 400;

    /// <summary>Newton iterations per candidate.</summary>
    public const int MaxIterations = 60;

    /// <summary>
    /// A Hessian eigenvalue whose size is at most this fraction of the Hessian's scale counts as zero: the point is flat
    /// in that direction (a valley floor, a plateau), so it is neither a minimum nor a saddle and is not reported.
    /// </summary>
    public const double FlatTolerance = 1e-6;

    private static readonly (int Di, int Dj)[] Ring = [(-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1)];

    /// <summary>The critical points of <paramref name="surface"/>, refined on the exact loss of <paramref name="calculus"/>.</summary>
    public static IReadOnlyList<CriticalPoint> Find(IPlaneCalculus calculus, LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(calculus);
        ArgumentNullException.ThrowIfNull(surface);
        var box = new Box(surface);
        var found = new List<CriticalPoint>();
        var (interior, edges) = Candidates(surface, calculus.CandidateBudget);
        var costly = calculus.NewtonIterations < MaxIterations;
        foreach (var (i, j) in interior)
        {
            var (a, b) = costly ? GridFitStart(surface, i, j) : (surface.Axis1[i], surface.Axis2[j]);
            if (costly && NextToFound(found, a, b, box))
            {
                continue;
            }

            if (Refine(calculus, a, b, box, costly ? found : null) is { } point)
            {
                Add(found, point, box);
            }
        }

        foreach (var (i, j) in edges)
        {
            // Where evaluations are costly the interior candidates have searched for the minima already: an edge
            // candidate is only evaluated for its note.
            var refined = costly ? null : Refine(calculus, surface.Axis1[i], surface.Axis2[j], box, null);
            if (refined is { Kind: CriticalPointKind.Minimum })
            {
                Add(found, refined, box);
                continue;
            }

            var a = surface.Axis1[i];
            var b = surface.Axis2[j];
            var d = calculus.Evaluate(a, b);
            var (low, high) = d.Eigenvalues;
            Add(found, new CriticalPoint(CriticalPointKind.Edge, a, b, d.Loss, d.GradientNorm, low, high, EdgeNote(surface, i, j, d)), box);
        }

        return found
            .OrderBy(p => p.Kind)
            .ThenBy(p => p.Loss)
            .ThenBy(p => p.A)
            .ThenBy(p => p.B)
            .ToArray();
    }

    /// <summary>
    /// Newton's method on the exact gradient from (a, b): the step solves H·δ = −g, shortened to at most a tenth of the
    /// grid's span. Returns the classified point when the gradient vanishes inside the grid's box and the point is not
    /// flat (<see cref="IsFlat"/>), else null; null also when a step lands within half a grid step of a point of
    /// <paramref name="known"/> (when given), where Newton would only find that point again.
    /// </summary>
    private static CriticalPoint? Refine(IPlaneCalculus calculus, double a, double b, Box box, List<CriticalPoint>? known)
    {
        ArgumentNullException.ThrowIfNull(calculus);
        var maxStep = 0.1 * Math.Max(box.SpanA, box.SpanB);
        var iterations = Math.Min(MaxIterations, calculus.NewtonIterations);
        for (var iteration = 0; iteration <= iterations; iteration++)
        {
            var d = calculus.Evaluate(a, b);
            if (!d.IsFinite)
            {
                return null;
            }

            var scale = 1 + Math.Abs(d.Loss) + Math.Abs(d.HessianAA) + Math.Abs(d.HessianBB) + Math.Abs(d.HessianAB);
            if (d.GradientNorm <= 1e-11 * scale)
            {
                if (!box.Contains(a, b))
                {
                    return null;
                }

                var (low, high) = d.Eigenvalues;
                return IsFlat(low, high, d.Loss, Math.Max(box.SpanA, box.SpanB))
                    ? null
                    : new CriticalPoint(CriticalPoint.Classify(low, high), a, b, d.Loss, d.GradientNorm, low, high);
            }

            var det = (d.HessianAA * d.HessianBB) - (d.HessianAB * d.HessianAB);
            if (det == 0 || !double.IsFinite(det))
            {
                return null;
            }

            var da = -((d.HessianBB * d.GradientA) - (d.HessianAB * d.GradientB)) / det;
            var db = -((d.HessianAA * d.GradientB) - (d.HessianAB * d.GradientA)) / det;
            var length = Math.Sqrt((da * da) + (db * db));
            if (length > maxStep)
            {
                da *= maxStep / length;
                db *= maxStep / length;
            }

            a += da;
            b += db;
            if (!box.Contains(a, b, slack: 0.5) || (known is not null && NextToFound(known, a, b, box)))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Where Newton starts for the interior candidate (i, j) when evaluations are costly: the stationary point of the
    /// quadratic through the 3 × 3 grid values around it (central differences) when it lies within one grid step,
    /// else the grid point. A start a fraction of a step from the critical point saves Newton its first iterations.
    /// </summary>
    internal static (double A, double B) GridFitStart(LossSurface surface, int i, int j)
    {
        ArgumentNullException.ThrowIfNull(surface);
        double a = surface.Axis1[i], b = surface.Axis2[j];
        double ha = surface.Axis1[i + 1] - a, hb = surface.Axis2[j + 1] - b;
        var z = surface[i, j];
        var ga = (surface[i + 1, j] - surface[i - 1, j]) / (2 * ha);
        var gb = (surface[i, j + 1] - surface[i, j - 1]) / (2 * hb);
        var haa = (surface[i + 1, j] - (2 * z) + surface[i - 1, j]) / (ha * ha);
        var hbb = (surface[i, j + 1] - (2 * z) + surface[i, j - 1]) / (hb * hb);
        var hab = (surface[i + 1, j + 1] - surface[i + 1, j - 1] - surface[i - 1, j + 1] + surface[i - 1, j - 1]) / (4 * ha * hb);
        var det = (haa * hbb) - (hab * hab);
        if (det == 0 || !double.IsFinite(det))
        {
            return (a, b);
        }

        var da = -((hbb * ga) - (hab * gb)) / det;
        var db = -((haa * gb) - (hab * ga)) / det;
        return double.IsFinite(da) && double.IsFinite(db) && Math.Abs(da) <= Math.Abs(ha) && Math.Abs(db) <= Math.Abs(hb)
            ? (a + da, b + db)
            : (a, b);
    }

    /// <summary>True when (a, b) lies within half a grid step of a critical point already found: Newton would find it again.</summary>
    private static bool NextToFound(List<CriticalPoint> found, double a, double b, Box box) =>
        found.Exists(p => p.Kind != CriticalPointKind.Edge && Math.Abs(p.A - a) <= 0.5 * box.StepA && Math.Abs(p.B - b) <= 0.5 * box.StepB);

    /// <summary>
    /// True when the smaller-magnitude eigenvalue of the Hessian (<paramref name="low"/>, <paramref name="high"/>) is
    /// zero within <see cref="FlatTolerance"/> of the Hessian's scale: the larger magnitude, or, where the whole Hessian
    /// is negligible, the curvature |L|/span² at which the loss would change by its own size across the grid's span.
    /// Rounding makes such eigenvalues ±1e-14 at random, so their sign says nothing about the surface.
    /// </summary>
    public static bool IsFlat(double low, double high, double loss, double span)
    {
        var smaller = Math.Min(Math.Abs(low), Math.Abs(high));
        var scale = Math.Max(Math.Max(Math.Abs(low), Math.Abs(high)), Math.Abs(loss) / (span * span));
        return smaller <= FlatTolerance * scale;
    }

    /// <summary>The grid's candidate points: interior minima, maxima and saddles, and the minima on the edge.</summary>
    internal static (List<(int I, int J)> Interior, List<(int I, int J)> Edges) Candidates(LossSurface surface, int budget = MaxCandidates)
    {
        int n1 = surface.Axis1.Count, n2 = surface.Axis2.Count;
        var minima = new List<(int I, int J)>();
        var maxima = new List<(int I, int J)>();
        var saddles = new List<(int I, int J)>();
        var edges = new List<(int I, int J)>();
        Span<double> ring = stackalloc double[8];
        for (var i = 0; i < n1; i++)
        {
            for (var j = 0; j < n2; j++)
            {
                var z = surface[i, j];
                if (!double.IsFinite(z))
                {
                    continue;
                }

                var onEdge = i == 0 || j == 0 || i == n1 - 1 || j == n2 - 1;
                int above = 0, below = 0, present = 0;
                for (var k = 0; k < Ring.Length; k++)
                {
                    int ii = i + Ring[k].Di, jj = j + Ring[k].Dj;
                    if (ii < 0 || jj < 0 || ii >= n1 || jj >= n2)
                    {
                        ring[k] = double.NaN;
                        continue;
                    }

                    var diff = surface[ii, jj] - z;
                    if (Math.Abs(diff) <= 1e-13 * Math.Abs(z))
                    {
                        diff = 0; // rounding, not shape: flat lines (e.g. w2 = 0, where the output is 0) stay flat
                    }

                    ring[k] = diff;
                    present++;
                    if (diff > 0)
                    {
                        above++;
                    }
                    else if (diff < 0)
                    {
                        below++;
                    }
                }

                if (onEdge)
                {
                    if (below == 0 && above > 0 && n1 > 1 && n2 > 1)
                    {
                        edges.Add((i, j));
                    }

                    continue;
                }

                if (below == 0 && above > 0)
                {
                    minima.Add((i, j));
                }
                else if (above == 0 && below > 0)
                {
                    maxima.Add((i, j));
                }
                else if (SignChanges(ring) >= 4 || FlattestAround(surface, i, j))
                {
                    saddles.Add((i, j));
                }
            }
        }

        // Neighbouring candidates of one kind mark the same feature: Newton starts from the first of each cluster.
        var interior = Spread(minima.OrderBy(c => surface[c.I, c.J]), budget / 4)
            .Concat(Spread(maxima.OrderByDescending(c => surface[c.I, c.J]), budget / 4))
            .Concat(Spread(saddles.OrderBy(c => SlopeSquared(surface, c.I, c.J)), budget / 2))
            .ToList();
        return (interior, Spread(edges.OrderBy(c => surface[c.I, c.J]), budget / 4));
    }

    /// <summary>Up to <paramref name="count"/> candidates in the given order, leaving out those next to one already taken.</summary>
    private static List<(int I, int J)> Spread(IEnumerable<(int I, int J)> ordered, int count)
    {
        var taken = new List<(int I, int J)>();
        foreach (var candidate in ordered)
        {
            if (taken.Count == count)
            {
                break;
            }

            if (!taken.Any(t => Math.Abs(t.I - candidate.I) <= 1 && Math.Abs(t.J - candidate.J) <= 1))
            {
                taken.Add(candidate);
            }
        }

        return taken;
    }

    /// <summary>
    /// True when the central-difference slope at (i, j) is no steeper than at any of its interior neighbours: catches
    /// critical points whose neighbours do not alternate clearly (nearly flat directions, points between grid lines).
    /// </summary>
    private static bool FlattestAround(LossSurface surface, int i, int j)
    {
        var here = SlopeSquared(surface, i, j);
        if (!double.IsFinite(here))
        {
            return false;
        }

        foreach (var (di, dj) in Ring)
        {
            int ii = i + di, jj = j + dj;
            if (ii < 1 || jj < 1 || ii > surface.Axis1.Count - 2 || jj > surface.Axis2.Count - 2)
            {
                continue;
            }

            if (SlopeSquared(surface, ii, jj) < here)
            {
                return false;
            }
        }

        return true;
    }

    private static double SlopeSquared(LossSurface surface, int i, int j)
    {
        var ga = (surface[i + 1, j] - surface[i - 1, j]) / (surface.Axis1[i + 1] - surface.Axis1[i - 1]);
        var gb = (surface[i, j + 1] - surface[i, j - 1]) / (surface.Axis2[j + 1] - surface.Axis2[j - 1]);
        return (ga * ga) + (gb * gb);
    }

    /// <summary>Sign changes of the differences around the ring, skipping zeros and missing neighbours.</summary>
    private static int SignChanges(ReadOnlySpan<double> ring)
    {
        var first = 0;
        var previous = 0;
        var changes = 0;
        foreach (var value in ring)
        {
            var sign = double.IsNaN(value) ? 0 : Math.Sign(value);
            if (sign == 0)
            {
                continue;
            }

            if (previous == 0)
            {
                first = sign;
            }
            else if (sign != previous)
            {
                changes++;
            }

            previous = sign;
        }

        if (previous != 0 && first != 0 && previous != first)
        {
            changes++;
        }

        return changes;
    }

    private static void Add(List<CriticalPoint> found, CriticalPoint point, Box box)
    {
        for (var k = 0; k < found.Count; k++)
        {
            var other = found[k];
            var same = point.Kind == CriticalPointKind.Edge || other.Kind == CriticalPointKind.Edge
                ? point.Kind == other.Kind && Math.Abs(point.A - other.A) <= 1.5 * box.StepA && Math.Abs(point.B - other.B) <= 1.5 * box.StepB
                : Math.Abs(point.A - other.A) <= 1e-6 * (1 + Math.Abs(point.A)) && Math.Abs(point.B - other.B) <= 1e-6 * (1 + Math.Abs(point.B));
            if (same)
            {
                if (point.Loss < other.Loss && point.Kind == CriticalPointKind.Edge)
                {
                    found[k] = point;
                }

                return;
            }
        }

        found.Add(point);
    }

    private static string EdgeNote(LossSurface surface, int i, int j, PlaneDerivatives d)
    {
        var sides = new List<string>();
        if (i == 0 && d.GradientA > 0)
        {
            sides.Add($"{surface.Axis1Name} < {Format(surface.Axis1[0])}");
        }

        if (i == surface.Axis1.Count - 1 && d.GradientA < 0)
        {
            sides.Add($"{surface.Axis1Name} > {Format(surface.Axis1[i])}");
        }

        if (j == 0 && d.GradientB > 0)
        {
            sides.Add($"{surface.Axis2Name} < {Format(surface.Axis2[0])}");
        }

        if (j == surface.Axis2.Count - 1 && d.GradientB < 0)
        {
            sides.Add($"{surface.Axis2Name} > {Format(surface.Axis2[j])}");
        }

        var where = string.Create(CultureInfo.InvariantCulture, $"at {surface.Axis1Name} = {Format(surface.Axis1[i])}, {surface.Axis2Name} = {Format(surface.Axis2[j])}");
        return sides.Count > 0
            ? $"the loss keeps falling outside the grid, toward {string.Join(" and ", sides)} ({where}; widen the grid to see where it ends)"
            : $"the lowest point of the grid lies on its edge ({where}) and no minimum was found inside the grid";
    }

    private static string Format(double value) => Math.Round(value, 10).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The grid's bounds.</summary>
    private readonly struct Box
    {
        public Box(LossSurface surface)
        {
            LowA = surface.Axis1[0];
            HighA = surface.Axis1[surface.Axis1.Count - 1];
            LowB = surface.Axis2[0];
            HighB = surface.Axis2[surface.Axis2.Count - 1];
            StepA = surface.Axis1.Step;
            StepB = surface.Axis2.Step;
        }

        public double LowA { get; }

        public double HighA { get; }

        public double LowB { get; }

        public double HighB { get; }

        public double StepA { get; }

        public double StepB { get; }

        public double SpanA => Math.Max(HighA - LowA, StepA);

        public double SpanB => Math.Max(HighB - LowB, StepB);

        public bool Contains(double a, double b, double slack = 1e-9) =>
            a >= LowA - (slack * SpanA) && a <= HighA + (slack * SpanA) && b >= LowB - (slack * SpanB) && b <= HighB + (slack * SpanB);
    }
}
