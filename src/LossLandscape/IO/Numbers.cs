using System.Globalization;

namespace LossLandscape.IO;

/// <summary>Number formatting for output files: shortest round-trip form, invariant culture.</summary>
public static class Numbers
{
    /// <summary>The shortest string that parses back to the same double.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An integer in invariant culture.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
