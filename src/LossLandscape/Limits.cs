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

    /// <summary>Largest data file (--data, a CSV): 2 GiB; its rows are also held to <see cref="MaxSamples"/>.</summary>
    public const long MaxDataFileBytes = 2L << 30;

    /// <summary>Longest line of a data file, in characters: a line without its end is refused here, not read on.</summary>
    public const int MaxLineChars = 1 << 20;

    /// <summary>Largest model file (--model, --checkpoints: ONNX): 256 MiB.</summary>
    public const long MaxModelFileBytes = 256L << 20;

    /// <summary>Largest weights or directions file (.npy, .json): 256 MiB, room for <see cref="MaxRecordedValues"/> in .npy.</summary>
    public const long MaxWeightsFileBytes = 256L << 20;

    /// <summary>Largest run.json read back (--config): 16 MiB.</summary>
    public const long MaxConfigFileBytes = 16L << 20;

    /// <summary>A size in bytes as messages and help give it: <c>2 GiB</c>, <c>512 MiB</c>.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };

    /// <summary>A bound in messages and help: <c>1e6</c> for large ones, shortest round-trip form otherwise.</summary>
    public static string Text(double bound) =>
        bound.ToString(Math.Abs(bound) >= 1e5 ? "0.##e0" : "R", System.Globalization.CultureInfo.InvariantCulture);
}
