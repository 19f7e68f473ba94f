namespace LossLandscape.Analysis;

/// <summary>One point of the valley floor: the best b for a given a, and the loss there.</summary>
/// <param name="A">First plane coordinate (w1).</param>
/// <param name="B">The b that minimises the loss at A (w2 = B(w1)/A(w1) for the article).</param>
/// <param name="Loss">The loss at (A, B).</param>
public readonly record struct ValleyPoint(double A, double B, double Loss);

/// <summary>
/// The valley floor: for a plane whose second direction moves only output weights the loss is a parabola in b, so its
/// lowest point for each a is closed-form. For the article's network, with t = tanh(w1·x), A(w1) = mean(t²) and
/// B(w1) = mean(t·y), the best w2 is B(w1)/A(w1) and the loss there is mean(y²) − B²/A.
/// </summary>
public static class Valley
{
    /// <summary>The valley at every value of <paramref name="a"/> (points where it is undefined, such as a = 0, are left out).</summary>
    public static IReadOnlyList<ValleyPoint> Trace(PlaneCalculus calculus, IEnumerable<double> a)
    {
        ArgumentNullException.ThrowIfNull(calculus);
        ArgumentNullException.ThrowIfNull(a);
        var points = new List<ValleyPoint>();
        foreach (var value in a)
        {
            var (b, loss) = calculus.BestB(value);
            if (double.IsFinite(b))
            {
                points.Add(new ValleyPoint(value, b, loss));
            }
        }

        return points;
    }

    /// <summary><paramref name="count"/> evenly spaced values from <paramref name="low"/> to <paramref name="high"/>, both included.</summary>
    public static double[] Samples(double low, double high, int count)
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "at least two samples");
        }

        var values = new double[count];
        for (var k = 0; k < count; k++)
        {
            values[k] = low + ((high - low) * k / (count - 1));
        }

        return values;
    }
}
