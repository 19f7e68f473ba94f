namespace LossLandscape.Landscape;

/// <summary>
/// One training record seen from the plane (or line): where it projects, how far it lies off, its true test loss and
/// the test loss at its projection (what the surface shows there), both exact in float64.
/// </summary>
/// <param name="A">Coordinate along d₁ (w1 on the weights plane, α on a line).</param>
/// <param name="B">Coordinate along d₂ (w2 on the weights plane, 0 on a line).</param>
/// <param name="Distance">‖θ − (θ₀ + a·d₁ + b·d₂)‖.</param>
/// <param name="TestLoss">The record's true test loss.</param>
/// <param name="SurfaceLoss">The test loss at the projection θ₀ + a·d₁ + b·d₂.</param>
/// <param name="SurfaceTrainLoss">The training loss at the projection.</param>
public readonly record struct RecordProjection(double A, double B, double Distance, double TestLoss, double SurfaceLoss, double SurfaceTrainLoss);
