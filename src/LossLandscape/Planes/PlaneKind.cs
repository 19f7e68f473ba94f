namespace LossLandscape.Planes;

/// <summary>How the plane of a surface is chosen.</summary>
public enum PlaneKind
{
    /// <summary>The article's plane: θ₀ = 0, d₁ every hidden weight (w1), d₂ every output weight (w2).</summary>
    Weights,

    /// <summary>Two Gaussian directions from a seed, normalised against the centre.</summary>
    Random,

    /// <summary>The first two principal components of the recorded parameter vectors around the centre.</summary>
    Pca,

    /// <summary>The plane through three parameter vectors: θ₀ = θ_I, d₁ = θ_J − θ_I, d₂ = θ_K − θ_I.</summary>
    Points,

    /// <summary>One dimension: θ(α) = (1 − α)·θ_from + α·θ_to.</summary>
    Line,
}

/// <summary>How a random direction is rescaled against the centre (loss-landscape's normalisations, plus the whole model).</summary>
public enum DirectionNormalization
{
    /// <summary>Each row of a weight matrix (one neuron's incoming weights) to the norm of the same row of θ₀.</summary>
    Filter,

    /// <summary>Each weight matrix to the norm of θ₀'s matrix.</summary>
    Layer,

    /// <summary>The whole weight part to the norm of θ₀'s weight part.</summary>
    Model,

    /// <summary>Weights left as drawn.</summary>
    None,
}

/// <summary>What a direction does on the bias (1-D) tensors.</summary>
public enum BiasTreatment
{
    /// <summary>Zero: the plane does not move the biases.</summary>
    Ignore,

    /// <summary>Set to the centre's own bias values (loss-landscape's choice when biases are kept).</summary>
    Keep,
}

/// <summary>Which parameter vector is the plane's centre θ₀.</summary>
public enum CenterKind
{
    /// <summary>The last record of the training path.</summary>
    Final,

    /// <summary>The first record (the start).</summary>
    Init,

    /// <summary>A vector given by the caller (e.g. read from a weights file).</summary>
    Given,
}

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
