namespace LossLandscape;

/// <summary>
/// The ranges the options are held to, so that every accepted input computes in finite numbers and fits in memory.
/// The command line's --help names each; validation refuses values beyond them with the bound in the message.
/// </summary>
public static class Limits
{
    /// <summary>Largest |--x-mean|: x up to about 1e7, y = −0.03x³ + 2 up to about 3e19, squared losses far below overflow.</summary>
    public const double MaxAbsXMean = 1e6;

    /// <summary>Largest --x-std (and --noise-std): keeps x and y in the same finite range as <see cref="MaxAbsXMean"/>.</summary>
    public const double MaxStd = 1e6;

    /// <summary>Largest |weight| for --init and the grid's start and stop: predictions stay below 1e6 per hidden unit.</summary>
    public const double MaxAbsWeight = 1e6;

    /// <summary>Largest --lr and --eta-min: a larger rate is not a run, it is an overflow.</summary>
    public const double MaxLearningRate = 1e6;

    /// <summary>Largest value of the other optimizer constants (momentum, weight decay, eps, lr decay, initial accumulator, gamma).</summary>
    public const double MaxOptimizerConstant = 1e6;

    /// <summary>Most hidden units (--hidden): 2 × 10,000 parameters, within 2 GB of memory at the other limits.</summary>
    public const int MaxHidden = 10_000;

    /// <summary>Most data points (--samples): data, split, pairs and data.csv within 2 GB of memory.</summary>
    public const int MaxSamples = 10_000_000;

    /// <summary>
    /// Most records of the path (epochs, or steps with --record steps, plus the start): each record keeps the
    /// parameters and its analysis, and every record is drawn.
    /// </summary>
    public const int MaxRecords = 100_000;

    /// <summary>Most recorded numbers, records × parameters: every record keeps a copy of the parameters (160 MB at the bound).</summary>
    public const long MaxRecordedValues = 20_000_000;

    /// <summary>A bound in messages and help: <c>1e6</c> for large ones, shortest round-trip form otherwise.</summary>
    public static string Text(double bound) =>
        bound.ToString(Math.Abs(bound) >= 1e5 ? "0.##e0" : "R", System.Globalization.CultureInfo.InvariantCulture);
}
