namespace LossLandscape.Plotting;

/// <summary>Which loss a surface shows.</summary>
public enum SurfaceKind
{
    /// <summary>The test loss (the default surface).</summary>
    Test,

    /// <summary>The training loss.</summary>
    Train,

    /// <summary>The generalisation gap: test loss − training loss (signed).</summary>
    Gap,
}

/// <summary>Names, scales and colours of each <see cref="SurfaceKind"/> in the views.</summary>
public static class SurfaceKinds
{
    /// <summary>The button label of a kind.</summary>
    public static string Label(SurfaceKind kind) => kind switch
    {
        SurfaceKind.Test => "test loss",
        SurfaceKind.Train => "training loss",
        SurfaceKind.Gap => "gap (test − train)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Whether the kind is drawn on a log10 scale when the views ask for one: the gap is signed, so it is always drawn
    /// as it is (a logarithm of it would hide exactly the sign that matters).
    /// </summary>
    public static bool Logarithmic(SurfaceKind kind, bool logLoss) => logLoss && kind != SurfaceKind.Gap;

    /// <summary>The title of the height (colour bar, z axis) of a kind on the drawn scale.</summary>
    public static string HeightTitle(SurfaceKind kind, bool logLoss) =>
        Logarithmic(kind, logLoss) ? "log10 " + Label(kind) : Label(kind);

    /// <summary>
    /// The largest |value| of a signed surface (1 if there is none): the colour range ±that puts 0 at the diverging
    /// scale's middle. A contour trace needs it explicit (its colours follow its levels, which plotly's zmid does not centre).
    /// </summary>
    public static double SymmetricRange(LossLandscape.Surface.LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var largest = surface.Values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return largest > 0 ? largest : 1;
    }

    /// <summary>The short title of the 3-D view's height axis (long ones are cut at the scene's edge).</summary>
    public static string AxisTitle(SurfaceKind kind, bool logLoss)
    {
        var name = kind switch
        {
            SurfaceKind.Test => "test loss",
            SurfaceKind.Train => "train loss",
            _ => "test − train",
        };
        return Logarithmic(kind, logLoss) ? "log10 " + name : name;
    }

    /// <summary>The colour scale of a kind: diverging around 0 for the signed gap, sequential for losses.</summary>
    public static IReadOnlyList<object[]> ColorScale(SurfaceKind kind) => kind == SurfaceKind.Gap ? DarkTheme.Diverging : DarkTheme.Sequential;
}
