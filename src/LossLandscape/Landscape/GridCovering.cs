using System.Globalization;
using LossLandscape.Surface;

namespace LossLandscape.Landscape;

/// <summary>An axis grown to cover values: the axis and whether it grew, or why it cannot grow that far.</summary>
public abstract record AxisCover
{
    private AxisCover()
    {
    }

    /// <summary>The axis covers the values (grown with its own step when <paramref name="Grew"/>).</summary>
    /// <param name="Axis">The axis.</param>
    /// <param name="Grew">True when it was extended.</param>
    public sealed record Covered(GridAxis Axis, bool Grew) : AxisCover;

    /// <summary>Covering the values would take more than <see cref="GridAxis.MaxCount"/> points.</summary>
    /// <param name="Message">What it would take, naming «no-extend».</param>
    public sealed record TooLarge(string Message) : AxisCover;
}

/// <summary>A grid grown to cover points: the two axes and the notice to print when it grew, or why it cannot.</summary>
public abstract record GridCover
{
    private GridCover()
    {
    }

    /// <summary>The grid covers the points.</summary>
    /// <param name="A">The grid along the first axis.</param>
    /// <param name="B">The grid along the second axis.</param>
    /// <param name="Notice">The notice to print when it grew, else null.</param>
    public sealed record Covered(GridAxis A, GridAxis B, string? Notice) : GridCover;

    /// <summary>Covering the points would take too many grid points.</summary>
    /// <param name="Message">What it would take, naming «no-extend».</param>
    public sealed record TooLarge(string Message) : GridCover;
}

/// <summary>
/// The covering grid: the given grid, grown with its own step to cover the records' projections. A single path that
/// cannot be covered is refused (<c>no-extend</c>); a race leaves its runaway contestants off the surface instead.
/// </summary>
public static class GridCovering
{
    /// <summary>Fraction of the covered span added on each side when the grid is extended.</summary>
    public const double ExtensionMargin = 0.05;

    /// <summary>
    /// The most grid points a race's surface grows to (by extension) to cover the paths. A path that needs more is drawn
    /// up to where it leaves the surface; one such runaway must not turn the race into a huge, unreadable surface.
    /// </summary>
    public const long ExtensionBudget = 1_000_000;

    /// <summary>
    /// Grows <paramref name="axis"/> with its own step to cover the values plus a margin of
    /// <see cref="ExtensionMargin"/> of the covered span (at least two steps) on the side where they leave it.
    /// </summary>
    public static AxisCover Extend(GridAxis axis, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(axis);
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count == 0)
        {
            return new AxisCover.Covered(axis, false);
        }

        double low = list.Min(), high = list.Max();
        var last = axis[axis.Count - 1];
        if (low >= axis.Start && high <= last)
        {
            return new AxisCover.Covered(axis, false);
        }

        var span = Math.Max(high, last) - Math.Min(low, axis.Start);
        var margin = Math.Max(ExtensionMargin * span, 2 * axis.Step);
        if (!axis.TryCover(low < axis.Start ? low - margin : axis.Start, high > last ? high + margin : last, out var grown))
        {
            return new AxisCover.TooLarge($"extending the grid to cover the trajectory (to {low:G6}..{high:G6}) would need more than {GridAxis.MaxCount} points per axis; use «no-extend»");
        }

        if ((long)grown.Count > GridAxis.MaxCount)
        {
            return new AxisCover.TooLarge($"extending the grid to cover the trajectory would need {grown.Count} points per axis; use «no-extend»");
        }

        return new AxisCover.Covered(grown, true);
    }

    /// <summary>
    /// The grid <paramref name="a"/> × <paramref name="b"/>, grown by <see cref="Extend"/> to cover
    /// <paramref name="points"/> when <paramref name="extend"/> is on, with the notice to print when it grew; too large
    /// when it cannot grow that far or would exceed <see cref="SurfaceEvaluator.MaxPoints"/>.
    /// </summary>
    /// <param name="a">The grid along the first axis.</param>
    /// <param name="b">The grid along the second axis.</param>
    /// <param name="extend">Whether the grid may grow.</param>
    /// <param name="points">The plane coordinates to cover.</param>
    /// <param name="subject">What is covered, for messages: "trajectory" or "paths", with its verb ("leaves", "leave").</param>
    /// <param name="names">The axes' names.</param>
    public static GridCover Cover(GridAxis a, GridAxis b, bool extend, IReadOnlyCollection<(double A, double B)> points, (string Noun, string Verb) subject, (string A, string B) names)
    {
        ArgumentNullException.ThrowIfNull(points);
        string? notice = null;
        if (extend)
        {
            var extendedA = Extend(a, points.Select(c => c.A));
            var extendedB = Extend(b, points.Select(c => c.B));
            if (extendedA is not AxisCover.Covered coverA || extendedB is not AxisCover.Covered coverB)
            {
                return new GridCover.TooLarge(((extendedA as AxisCover.TooLarge) ?? (AxisCover.TooLarge)extendedB).Message);
            }

            (a, b) = (coverA.Axis, coverB.Axis);
            if (coverA.Grew || coverB.Grew)
            {
                notice = string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {subject.Noun} {subject.Verb} the grid: extended it with the same step to {names.A} {a[0]:G10}..{a[a.Count - 1]:G10} ({a.Count} points) × {names.B} {b[0]:G10}..{b[b.Count - 1]:G10} ({b.Count} points); «no-extend» keeps the given grid.");
            }
        }

        if ((long)a.Count * b.Count > SurfaceEvaluator.MaxPoints)
        {
            return new GridCover.TooLarge($"covering the {subject.Noun} needs a {a.Count} × {b.Count} grid, more than {SurfaceEvaluator.MaxPoints} points; use «no-extend» or a larger step");
        }

        return new GridCover.Covered(a, b, notice);
    }

    /// <summary>
    /// The grid that covers every path of a race: the given grid, grown as <see cref="Cover"/> does. While that would take
    /// more than <see cref="ExtensionBudget"/> points (or the given grid's size, if larger), the path that reaches
    /// farthest is left out of the covering, and listed.
    /// </summary>
    public static (GridAxis A, GridAxis B, string? Notice, HashSet<int> Left) CoverRace(GridAxis baseA, GridAxis baseB, bool extend, (string A, string B) names, IReadOnlyList<IReadOnlyList<RecordProjection>> projections)
    {
        ArgumentNullException.ThrowIfNull(baseA);
        ArgumentNullException.ThrowIfNull(baseB);
        ArgumentNullException.ThrowIfNull(projections);
        var left = new HashSet<int>();
        if (!extend)
        {
            return (baseA, baseB, null, left);
        }

        var budget = Math.Max(ExtensionBudget, (long)baseA.Count * baseB.Count);
        var paths = projections.Select(p => p.Select(r => (r.A, r.B)).ToArray()).ToArray();
        while (true)
        {
            var covered = Enumerable.Range(0, paths.Length).Where(k => !left.Contains(k)).SelectMany(k => paths[k]).ToArray();

            // Too large even to build, or over the budget: leave out the farthest path.
            if (Cover(baseA, baseB, true, covered, ("paths", "leave"), names) is GridCover.Covered grid && (long)grid.A.Count * grid.B.Count <= budget)
            {
                return (grid.A, grid.B, grid.Notice, left);
            }

            var farthest = Enumerable.Range(0, paths.Length)
                .Where(k => !left.Contains(k))
                .MaxBy(k => paths[k].Max(c => Math.Max(Outside(baseA, c.A) / baseA.Step, Outside(baseB, c.B) / baseB.Step)));
            left.Add(farthest);
        }
    }

    private static double Outside(GridAxis axis, double value) =>
        !double.IsFinite(value) ? 0 : Math.Max(0, Math.Max(axis.Start - value, value - axis[axis.Count - 1]));
}
