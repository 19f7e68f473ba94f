using System.Globalization;
using LossLandscape.Planes;

namespace LossLandscape.Experiments;

/// <summary>A start given as plane coordinates (<c>--start A,B</c>).</summary>
public sealed partial record ExperimentOptions
{
    /// <summary>
    /// When set, training starts at θ₀ + a·d₁ + b·d₂ on the random plane drawn around the initial weights θ₀ (the plane
    /// <c>--plane random --center init</c> draws), and that plane is the one drawn; null: the start is θ₀.
    /// </summary>
    public PlaneCoordinates? PlaneStart { get; init; }

    /// <summary>Throws <see cref="InvalidOptionException"/> for <c>--start</c> on a plane not known before training, or out of range.</summary>
    internal void ValidatePlaneStart()
    {
        if (PlaneStart is not { } at)
        {
            return;
        }

        if (!(Math.Abs(at.A) <= Limits.MaxAbsWeight && Math.Abs(at.B) <= Limits.MaxAbsWeight))
        {
            throw new InvalidOptionException("start", string.Create(CultureInfo.InvariantCulture, $"must be two numbers A,B between -{Limits.Text(Limits.MaxAbsWeight)} and {Limits.Text(Limits.MaxAbsWeight)} (got {at.A:R},{at.B:R})"));
        }

        if (PipelineValidation.PlaneKindOf(this) != PlaneKind.Random || Plane?.EffectiveCenter != CenterKind.Init)
        {
            throw new InvalidOptionException("start", "A,B is a point of the plane drawn before training: use it with «plane» random «center» init (on the weights plane, «init» W1,W2 is the start)");
        }
    }
}

/// <summary>A point of a plane: θ₀ + A·d₁ + B·d₂.</summary>
/// <param name="A">The coordinate along the first direction.</param>
/// <param name="B">The coordinate along the second direction.</param>
public readonly record struct PlaneCoordinates(double A, double B);
