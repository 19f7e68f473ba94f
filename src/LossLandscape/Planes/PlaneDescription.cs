using System.Globalization;

namespace LossLandscape.Planes;

/// <summary>One sentence saying what a plane is, for analysis.json: its kind and the settings that made its directions.</summary>
public static class PlaneDescription
{
    /// <summary>
    /// The plane of <paramref name="directions"/> in words, with axis names <paramref name="a"/> and
    /// <paramref name="b"/>; null for the weights plane and a line, whose text the analysis writes itself.
    /// </summary>
    public static string? Describe(PlaneDirections directions, string a, string b)
    {
        ArgumentNullException.ThrowIfNull(directions);
        var center = directions.Center ?? "given";
        var biases = directions.Biases == BiasTreatment.Keep ? "biases kept" : "bias entries zero";
        var head = $"θ = θ₀ + {a}·d₁ + {b}·d₂ (θ₀, d₁, d₂ in directions.json): ";
        return directions.Kind switch
        {
            PlaneKind.Random => head + string.Create(
                CultureInfo.InvariantCulture,
                $"a random plane, θ₀ the {center} parameters, d₁ and d₂ Gaussian from direction seed {directions.DirectionSeed}, {PlaneNames.Name(directions.Normalize ?? DirectionNormalization.Filter)}-normalised, {biases}"),
            PlaneKind.Pca => head + string.Create(
                CultureInfo.InvariantCulture,
                $"the PCA plane of the recorded parameters, θ₀ the {center} parameters, d₁ and d₂ the first two principal components at unit length ({Percent(directions, 0)} and {Percent(directions, 1)} of the path's variance), {biases}"),
            PlaneKind.Points => head + $"the plane through three points ({center}) at ({a}, {b}) = (0, 0), (1, 0) and (0, 1)",
            _ => null,
        };
    }

    private static string Percent(PlaneDirections directions, int index) =>
        directions.ExplainedVarianceRatio is { } ratios && ratios.Count > index
            ? (100 * ratios[index]).ToString("0.0", CultureInfo.InvariantCulture) + " %"
            : "?";
}
