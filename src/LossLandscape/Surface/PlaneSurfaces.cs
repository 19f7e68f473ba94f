namespace LossLandscape.Surface;

/// <summary>The surfaces computed on one grid of one plane; those not asked for are null.</summary>
/// <param name="Test">The test loss.</param>
/// <param name="Train">The training loss.</param>
/// <param name="Gap">Test loss − training loss.</param>
public sealed record PlaneSurfaces(LossSurface? Test, LossSurface? Train, LossSurface? Gap)
{
    /// <summary>The test accuracy of a classifier on the same grid, when asked for; else null.</summary>
    public LossSurface? Accuracy { get; init; }

    /// <summary>The surface of one quantity (exactly one flag); throws when it was not computed.</summary>
    public LossSurface this[SurfaceQuantities quantity] => quantity switch
    {
        SurfaceQuantities.Test => Test,
        SurfaceQuantities.Train => Train,
        SurfaceQuantities.Gap => Gap,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "name one of Test, Train, Gap"),
    } ?? throw new InvalidOperationException($"the {quantity} surface was not computed");
}
