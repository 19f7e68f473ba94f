using System.Globalization;

namespace LossLandscape.Surface;

/// <summary>
/// Grid values along one axis with numpy.arange semantics: start, start + step, … while below stop (stop excluded).
/// Values are computed as numpy does: vᵢ = start + i·δ with δ = (start + step) − start.
/// </summary>
public sealed class GridAxis
{
    /// <summary>The most points one axis may have.</summary>
    public const int MaxCount = 25_000_000;

    private readonly double[] _values;

    /// <summary>Creates the axis start:stop:step.</summary>
    public GridAxis(double start, double stop, double step)
    {
        if (!double.IsFinite(start) || !double.IsFinite(stop) || !double.IsFinite(step))
        {
            throw new ArgumentException("start, stop and step must be finite numbers");
        }

        if (!(step > 0))
        {
            throw new ArgumentException($"step must be > 0 (got {Format(step)})");
        }

        if (!(stop > start))
        {
            throw new ArgumentException($"stop must be greater than start (got {Format(start)}:{Format(stop)})");
        }

        var length = Math.Ceiling((stop - start) / step);
        if (length > MaxCount)
        {
            // A tiny step gives a count of hundreds of digits: shown with an exponent.
            var count = length < 1e15 ? length.ToString("0", CultureInfo.InvariantCulture) : length.ToString("0.##e0", CultureInfo.InvariantCulture);
            throw new ArgumentException($"{Format(start)}:{Format(stop)}:{Format(step)} has {count} points; at most {MaxCount} are allowed");
        }

        Start = start;
        Stop = stop;
        Step = step;
        _values = new double[(int)length];
        _values[0] = start;
        if (_values.Length > 1)
        {
            _values[1] = start + step;
            var delta = _values[1] - start;
            for (var i = 2; i < _values.Length; i++)
            {
                _values[i] = start + (i * delta);
            }
        }
    }

    /// <summary>First value.</summary>
    public double Start { get; }

    /// <summary>Excluded upper bound.</summary>
    public double Stop { get; }

    /// <summary>Spacing.</summary>
    public double Step { get; }

    /// <summary>Number of values.</summary>
    public int Count => _values.Length;

    /// <summary>The values.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The i-th value.</summary>
    public double this[int index] => _values[index];

    /// <summary>Parses <c>START:STOP:STEP</c> (invariant culture, negative numbers allowed).</summary>
    public static GridAxis Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{text}' is not START:STOP:STEP");
        }

        var numbers = new double[3];
        for (var i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                throw new FormatException($"'{text}' is not START:STOP:STEP with three numbers");
            }
        }

        return new GridAxis(numbers[0], numbers[1], numbers[2]);
    }

    /// <summary>
    /// The same lattice (same step, whole steps outward) grown until it covers [<paramref name="low"/>, <paramref name="high"/>].
    /// Returns this axis when it already covers the range.
    /// </summary>
    public GridAxis Cover(double low, double high)
    {
        var last = _values[^1];
        if (low >= Start && high <= last)
        {
            return this;
        }

        var below = low < Start ? (int)Math.Ceiling((Start - low) / Step) : 0;
        var above = high > last ? (int)Math.Ceiling((high - last) / Step) : 0;
        var newStart = Start - (below * Step);
        var newCount = Count + below + above;
        return new GridAxis(newStart, newStart + ((newCount - 0.5) * Step), Step);
    }

    /// <summary>The axis as START:STOP:STEP.</summary>
    public override string ToString() => $"{Format(Start)}:{Format(Stop)}:{Format(Step)}";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
