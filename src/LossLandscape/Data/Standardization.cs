namespace LossLandscape.Data;

/// <summary>
/// The per-input mean and standard deviation of the training rows, as scikit-learn's <c>StandardScaler</c> computes
/// them (population standard deviation; a constant input keeps scale 1), with which every row's inputs were scaled.
/// </summary>
/// <param name="FeatureNames">The input columns, in order.</param>
/// <param name="Mean">Each input's mean over the training rows.</param>
/// <param name="Std">Each input's scale: its standard deviation over the training rows, or 1 where that is 0.</param>
public sealed record Standardization(IReadOnlyList<string> FeatureNames, double[] Mean, double[] Std)
{
    /// <summary>The statistics of the rows <paramref name="trainRows"/> of row-major <paramref name="x"/> (rows × inputs).</summary>
    public static Standardization Of(IReadOnlyList<string> featureNames, ReadOnlySpan<double> x, ReadOnlySpan<int> trainRows)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        var inputs = featureNames.Count;
        var mean = new double[inputs];
        var std = new double[inputs];
        foreach (var row in trainRows)
        {
            for (var j = 0; j < inputs; j++)
            {
                mean[j] += x[(row * inputs) + j];
            }
        }

        for (var j = 0; j < inputs; j++)
        {
            mean[j] /= trainRows.Length;
        }

        // Two passes: the centred sum of squares does not lose digits when the mean is large.
        foreach (var row in trainRows)
        {
            for (var j = 0; j < inputs; j++)
            {
                var d = x[(row * inputs) + j] - mean[j];
                std[j] += d * d;
            }
        }

        for (var j = 0; j < inputs; j++)
        {
            var s = Math.Sqrt(std[j] / trainRows.Length);

            // Values near the largest double overflow the sums: refused, not divided by infinity into zeros.
            if (!double.IsFinite(mean[j]) || !double.IsFinite(s))
            {
                throw new InvalidOptionException("standardize", $"column '{SafeText.Terminal(featureNames[j])}' has values too large to standardize (their {(double.IsFinite(mean[j]) ? "spread" : "mean")} overflows a double); scale the column down first");
            }

            std[j] = s > 0 ? s : 1.0;
        }

        return new Standardization(featureNames, mean, std);
    }

    /// <summary>Scales row-major <paramref name="x"/> in place: (x − mean) / std per input.</summary>
    public void Apply(Span<double> x)
    {
        var inputs = Mean.Length;
        for (var i = 0; i < x.Length; i++)
        {
            var j = i % inputs;
            x[i] = (x[i] - Mean[j]) / Std[j];
        }
    }
}
