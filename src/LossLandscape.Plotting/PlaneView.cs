using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>One computed surface of a plane and the loss it shows.</summary>
/// <param name="Kind">Exactly one of <see cref="SurfaceQuantities.Test"/>, <see cref="SurfaceQuantities.Train"/>, <see cref="SurfaceQuantities.Gap"/>, <see cref="SurfaceQuantities.Sharpness"/> (λmax of the full Hessian).</param>
/// <param name="Surface">The values on the grid (every surface of a plane shares its axes).</param>
public sealed record PlaneSurface(SurfaceQuantities Kind, LossSurface Surface);

/// <summary>
/// What the views draw a plane with: the surfaces computed on it (buttons switch between them when there are several)
/// and a title per axis. The axis names come from the surfaces (<c>w1</c>, <c>w2</c> on the weights plane, <c>a</c>,
/// <c>b</c> otherwise); the titles say what each axis is, e.g. "PC1 · 72.0 % of the path's variance".
/// </summary>
public sealed record PlaneView
{
    private readonly bool? _isWeightsPlane;

    /// <summary>The surfaces in button order; the first is shown when the page opens.</summary>
    public required IReadOnlyList<PlaneSurface> Surfaces { get; init; }

    /// <summary>What the first axis is (shown after its name), or null for the name alone.</summary>
    public string? Axis1Title { get; init; }

    /// <summary>What the second axis is (shown after its name), or null for the name alone.</summary>
    public string? Axis2Title { get; init; }

    /// <summary>
    /// True for the weights plane, which is the whole parameter space: every record lies on it, so there is no
    /// distance to show. By default, when the axes are named <c>w1</c> and <c>w2</c>.
    /// </summary>
    public bool IsWeightsPlane
    {
        get => _isWeightsPlane ?? (First.Axis1Name == "w1" && First.Axis2Name == "w2");
        init => _isWeightsPlane = value;
    }

    /// <summary>The first surface (the one the page opens with).</summary>
    public LossSurface First => Surfaces[0].Surface;

    /// <summary>One test surface, the axes titled by their names alone: the seed's views.</summary>
    public static PlaneView Of(LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        return new PlaneView { Surfaces = [new PlaneSurface(SurfaceQuantities.Test, surface)] };
    }

    /// <summary>
    /// The views' input from the core's surfaces of a plane: those computed, in the order test, training, gap (the
    /// first of them shown when the page opens), with the axes titled as given.
    /// </summary>
    /// <param name="surfaces">The core's surfaces; at least one computed.</param>
    /// <param name="axis1Title">What the first axis is, e.g. "PC1 · 72.0 % of the path's variance", or null.</param>
    /// <param name="axis2Title">What the second axis is, or null.</param>
    public static PlaneView From(PlaneSurfaces surfaces, string? axis1Title = null, string? axis2Title = null)
    {
        ArgumentNullException.ThrowIfNull(surfaces);
        var list = new List<PlaneSurface>(3);
        foreach (var (kind, surface) in new[] { (SurfaceQuantities.Test, surfaces.Test), (SurfaceQuantities.Train, surfaces.Train), (SurfaceQuantities.Gap, surfaces.Gap) })
        {
            if (surface is not null)
            {
                list.Add(new PlaneSurface(kind, surface));
            }
        }

        return new PlaneView { Surfaces = list, Axis1Title = axis1Title, Axis2Title = axis2Title };
    }

    /// <summary>The first axis's title as drawn: its name, then what it is (escaped for plotly's HTML).</summary>
    public string Axis1Label => Label(First.Axis1Name, Axis1Title);

    /// <summary>The second axis's title as drawn: its name, then what it is (escaped for plotly's HTML).</summary>
    public string Axis2Label => Label(First.Axis2Name, Axis2Title);

    /// <summary>Whether a surface of <paramref name="kind"/> was computed.</summary>
    public bool Has(SurfaceQuantities kind) => Surfaces.Any(s => s.Kind == kind);

    /// <summary>Throws when there is no surface, when two have the same kind or when their grids differ.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Surfaces);
        if (Surfaces.Count == 0)
        {
            throw new ArgumentException("at least one surface is needed", nameof(Surfaces));
        }

        if (Surfaces.Any(s => s.Kind is not (SurfaceQuantities.Test or SurfaceQuantities.Train or SurfaceQuantities.Gap or SurfaceQuantities.Sharpness)))
        {
            throw new ArgumentException("each surface shows exactly one of Test, Train, Gap, Sharpness", nameof(Surfaces));
        }

        if (Surfaces.Select(s => s.Kind).Distinct().Count() != Surfaces.Count)
        {
            throw new ArgumentException("each surface kind may appear once", nameof(Surfaces));
        }

        var first = First;
        foreach (var other in Surfaces.Skip(1).Select(s => s.Surface))
        {
            if (other.Axis1Name != first.Axis1Name || other.Axis2Name != first.Axis2Name
                || !other.Axis1.Values.SequenceEqual(first.Axis1.Values) || !other.Axis2.Values.SequenceEqual(first.Axis2.Values))
            {
                throw new ArgumentException("every surface of a plane must share its grid and axis names", nameof(Surfaces));
            }
        }
    }

    private static string Label(string name, string? title) =>
        title is null ? LandscapeFigure.Escape(name) : $"{LandscapeFigure.Escape(name)}: {LandscapeFigure.Escape(title)}";
}
