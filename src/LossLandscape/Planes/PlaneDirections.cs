using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Planes;

/// <summary>
/// A chosen plane (or line) with everything needed to redraw it: the kind and options it was made with, θ₀, d₁, d₂
/// and the parameter layout. <see cref="Plane"/> is null for a line, <see cref="Line"/> null for a plane.
/// </summary>
public sealed class PlaneDirections
{
    /// <summary>What plane this is.</summary>
    public required PlaneKind Kind { get; init; }

    /// <summary>The parameter layout the vectors follow.</summary>
    public required ModelLayout Layout { get; init; }

    /// <summary>The plane θ₀ + a·d₁ + b·d₂ (null for a line).</summary>
    public SurfacePlane? Plane { get; init; }

    /// <summary>The line (null for a plane).</summary>
    public ParameterLine? Line { get; init; }

    /// <summary>The normalisation used (random only).</summary>
    public DirectionNormalization? Normalize { get; init; }

    /// <summary>The bias treatment used (random and pca).</summary>
    public BiasTreatment? Biases { get; init; }

    /// <summary>The direction seed used (random only).</summary>
    public uint? DirectionSeed { get; init; }

    /// <summary>How the centre was chosen: final, init, the source of a given vector, or the points' description.</summary>
    public string? Center { get; init; }

    /// <summary>PCA's explained variance ratios of d₁ and d₂ (pca only).</summary>
    public IReadOnlyList<double>? ExplainedVarianceRatio { get; init; }

    /// <summary>The plane's projector (built on first use).</summary>
    public PlaneProjector Projector => _projector ??= new PlaneProjector(Plane ?? throw new InvalidOperationException("a line has no plane projector"));

    private PlaneProjector? _projector;

    /// <summary>Every vector's projection onto the plane, in order.</summary>
    public PlaneProjection[] Project(IEnumerable<double[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (Line is { } line)
        {
            return vectors.Select(v =>
            {
                var (alpha, distance) = line.Project(v);
                return new PlaneProjection(alpha, 0, distance);
            }).ToArray();
        }

        var projector = Projector;
        return vectors.Select(v => projector.Project(v)).ToArray();
    }
}
