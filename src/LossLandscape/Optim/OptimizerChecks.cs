namespace LossLandscape.Optim;

/// <summary>Range checks shared by the optimizers and schedules; messages name the option as the command line does.</summary>
internal static class OptimizerChecks
{
    /// <summary>Checks 0 ≤ value ≤ <see cref="Limits.MaxOptimizerConstant"/>.</summary>
    public static void AtLeastZero(string option, double value)
    {
        if (!(value >= 0 && value <= Limits.MaxOptimizerConstant))
        {
            throw new InvalidOptionException(option, $"must be between 0 and {Limits.Text(Limits.MaxOptimizerConstant)} (got {Text(value)})");
        }
    }

    /// <summary>Checks 0 &lt; value ≤ <see cref="Limits.MaxOptimizerConstant"/>.</summary>
    public static void AboveZero(string option, double value)
    {
        if (!(value > 0 && value <= Limits.MaxOptimizerConstant))
        {
            throw new InvalidOptionException(option, $"must be > 0 and at most {Limits.Text(Limits.MaxOptimizerConstant)} (got {Text(value)})");
        }
    }

    public static void Between(string option, double value, double low, double high)
    {
        if (!double.IsFinite(value) || value < low || value > high)
        {
            throw new InvalidOptionException(option, $"must be between {Limits.Text(low)} and {Limits.Text(high)} (got {Text(value)})");
        }
    }

    public static void UnitInterval(string option, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value >= 1)
        {
            throw new InvalidOptionException(option, $"must be >= 0 and < 1 (got {Text(value)})");
        }
    }

    public static void SameLength(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        if (parameters.Length != gradient.Length)
        {
            throw new ArgumentException("the gradient must have one entry per parameter", nameof(gradient));
        }
    }

    public static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
