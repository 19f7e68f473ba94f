namespace LossLandscape.Planes;

/// <summary>One record of a path seen from a plane: where it projects, how far off the plane it lies, and both losses.</summary>
/// <param name="A">Coordinate along d₁ of its projection (α for a line).</param>
/// <param name="B">Coordinate along d₂ (0 for a line).</param>
/// <param name="Distance">‖θ − projection‖: how far the record lies off the plane.</param>
/// <param name="TrueLoss">The loss at the record itself.</param>
/// <param name="SurfaceLoss">The loss at its projection: what the surface shows under the drawn path.</param>
public readonly record struct ProjectedRecord(double A, double B, double Distance, double TrueLoss, double SurfaceLoss);
