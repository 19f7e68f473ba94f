using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>Names, scales and colours of each surface (one of <see cref="SurfaceQuantities.Test"/>, <see cref="SurfaceQuantities.Train"/>, <see cref="SurfaceQuantities.Gap"/>) in the views.</summary>
public static class SurfaceStyles
{
    /// <summary>The button label of a kind.</summary>
    public static string Label(SurfaceQuantities kind) => kind switch
    {
        SurfaceQuantities.Test => "test loss",
        SurfaceQuantities.Train => "training loss",
        SurfaceQuantities.Gap => "gap (test − train)",
        SurfaceQuantities.Sharpness => "sharpness λmax",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a view shows one of Test, Train, Gap"),
    };

    /// <summary>
    /// Whether the kind is drawn on a log10 scale when the views ask for one: the gap is signed, so it is always drawn
    /// as it is (a logarithm of it would hide exactly the sign that matters).
    /// </summary>
    public static bool Logarithmic(SurfaceQuantities kind, bool logLoss) => logLoss && kind is not (SurfaceQuantities.Gap or SurfaceQuantities.Sharpness);

    /// <summary>The title of the height (colour bar, z axis) of a kind on the drawn scale.</summary>
    public static string HeightTitle(SurfaceQuantities kind, bool logLoss) =>
        Logarithmic(kind, logLoss) ? "log10 " + Label(kind) : Label(kind);

    /// <summary>
    /// The largest |value| of a signed surface (1 if there is none): the colour range ±that puts 0 at the diverging
    /// scale's middle. A contour trace needs it explicit (its colours follow its levels, which plotly's zmid does not centre).
    /// </summary>
    public static double SymmetricRange(LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var largest = surface.Values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return largest > 0 ? largest : 1;
    }

    /// <summary>The short title of the 3-D view's height axis (long ones are cut at the scene's edge).</summary>
    public static string AxisTitle(SurfaceQuantities kind, bool logLoss)
    {
        var name = kind switch
        {
            SurfaceQuantities.Test => "test loss",
            SurfaceQuantities.Train => "train loss",
            SurfaceQuantities.Sharpness => "λmax",
            _ => "test − train",
        };
        return Logarithmic(kind, logLoss) ? "log10 " + name : name;
    }

    /// <summary>The colour scale of a kind: diverging around 0 for the signed gap, sequential for losses.</summary>
    public static IReadOnlyList<object[]> ColorScale(SurfaceQuantities kind) => kind == SurfaceQuantities.Gap ? DarkTheme.Diverging : DarkTheme.Sequential;
}
