namespace LossLandscape.Planes;

/// <summary>The lower-case names the files and options use for the plane enums.</summary>
public static class PlaneNames
{
    /// <summary>weights, random, pca, points or line.</summary>
    public static string Name(PlaneKind kind) => kind switch
    {
        PlaneKind.Weights => "weights",
        PlaneKind.Random => "random",
        PlaneKind.Pca => "pca",
        PlaneKind.Points => "points",
        PlaneKind.Line => "line",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>filter, layer, model or none.</summary>
    public static string Name(DirectionNormalization normalization) => normalization switch
    {
        DirectionNormalization.Filter => "filter",
        DirectionNormalization.Layer => "layer",
        DirectionNormalization.Model => "model",
        DirectionNormalization.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, null),
    };

    /// <summary>ignore or keep.</summary>
    public static string Name(BiasTreatment biases) => biases switch
    {
        BiasTreatment.Ignore => "ignore",
        BiasTreatment.Keep => "keep",
        _ => throw new ArgumentOutOfRangeException(nameof(biases), biases, null),
    };

    /// <summary>The plane kind named <paramref name="name"/>; an <see cref="InvalidOptionException"/> for field <c>plane</c> otherwise.</summary>
    public static PlaneKind ParseKind(string name) =>
        Parse(name, "plane", Enum.GetValues<PlaneKind>(), Name);

    /// <summary>The normalisation named <paramref name="name"/>; an error for field <c>normalize</c> otherwise.</summary>
    public static DirectionNormalization ParseNormalization(string name) =>
        Parse(name, "normalize", Enum.GetValues<DirectionNormalization>(), Name);

    /// <summary>The bias treatment named <paramref name="name"/>; an error for field <c>biases</c> otherwise.</summary>
    public static BiasTreatment ParseBiases(string name) =>
        Parse(name, "biases", Enum.GetValues<BiasTreatment>(), Name);

    private static T Parse<T>(string name, string field, T[] values, Func<T, string> nameOf)
    {
        foreach (var value in values)
        {
            if (string.Equals(nameOf(value), name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        throw new InvalidOptionException(field, $"'{name}' is not one of {string.Join(", ", values.Select(nameOf))}");
    }
}
