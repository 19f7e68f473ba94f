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
