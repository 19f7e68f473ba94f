namespace LossLandscape.Planes;

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
