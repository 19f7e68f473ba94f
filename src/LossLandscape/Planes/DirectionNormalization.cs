namespace LossLandscape.Planes;

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
