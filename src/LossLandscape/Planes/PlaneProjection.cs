namespace LossLandscape.Planes;

/// <summary>Where a parameter vector lies relative to a plane: its closest point's coordinates and how far it is from it.</summary>
/// <param name="A">Coordinate along d₁ of the closest point of the plane.</param>
/// <param name="B">Coordinate along d₂.</param>
/// <param name="Distance">‖θ − (θ₀ + a·d₁ + b·d₂)‖: how far the vector lies off the plane.</param>
public readonly record struct PlaneProjection(double A, double B, double Distance);
