namespace LossLandscape.Planes;

/// <summary>What a direction does on the bias (1-D) tensors.</summary>
public enum BiasTreatment
{
    /// <summary>Zero: the plane does not move the biases.</summary>
    Ignore,

    /// <summary>Set to the centre's own bias values (loss-landscape's choice when biases are kept).</summary>
    Keep,
}
