using LossLandscape.Training;

namespace LossLandscape.Curvature;

/// <summary>When along a trajectory the curvature is computed: at every record, or at the records that complete another N steps.</summary>
public sealed record CurvatureSchedule
{
    private CurvatureSchedule(int? everySteps) => EverySteps = everySteps;

    /// <summary>Every record.</summary>
    public static CurvatureSchedule EveryRecord { get; } = new((int?)null);

    /// <summary>Steps between computations; null for every record.</summary>
    public int? EverySteps { get; }

    /// <summary>Every <paramref name="steps"/> optimizer steps; throws <see cref="InvalidOptionException"/> (<c>curvature</c>) below 1.</summary>
    public static CurvatureSchedule Every(int steps) =>
        steps >= 1 ? new CurvatureSchedule(steps) : throw new InvalidOptionException("curvature", $"the interval must be every or an integer ≥ 1 (got {steps})");

    /// <summary>Parses <c>every</c> or a positive integer N; throws <see cref="InvalidOptionException"/> (<c>curvature</c>) otherwise.</summary>
    public static CurvatureSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("every", StringComparison.OrdinalIgnoreCase))
        {
            return EveryRecord;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var steps) && steps >= 1
            ? new CurvatureSchedule(steps)
            : throw new InvalidOptionException("curvature", $"must be every or an integer ≥ 1 (got '{text}')");
    }

    /// <summary>
    /// Indices of the records to analyse: all of them, or the first, each record whose step count reaches a new
    /// multiple of N, and the last.
    /// </summary>
    public IReadOnlyList<int> Select(IReadOnlyList<TrajectoryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (EverySteps is not { } n)
        {
            return Enumerable.Range(0, records.Count).ToArray();
        }

        var chosen = new List<int>();
        var lastBucket = long.MinValue;
        for (var k = 0; k < records.Count; k++)
        {
            var bucket = records[k].Step / n;
            if (k == 0 || bucket > lastBucket || k == records.Count - 1)
            {
                chosen.Add(k);
                lastBucket = bucket;
            }
        }

        return chosen;
    }

    /// <summary>The option's text: <c>every</c> or N.</summary>
    public override string ToString() => EverySteps?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "every";
}
