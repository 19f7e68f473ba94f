using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>A surface on the scale it is drawn at, with the title of its height.</summary>
/// <param name="Kind">Which loss it shows.</param>
/// <param name="Surface">The drawn values (log10 where asked, except for the signed gap).</param>
/// <param name="Title">The title of the height, e.g. "log10 test loss".</param>
internal sealed record DrawnSurface(SurfaceKind Kind, LossSurface Surface, string Title);

/// <summary>
/// The buttons that switch a view between the surfaces of a plane. Every surface has its own traces (and the 3-D view
/// its own copy of each path at the heights of that kind), and a button shows one set and hides the others; so the
/// path animation, which replaces the path traces' data but never their visibility, stays right on every surface.
/// </summary>
public static class SurfaceSwitch
{
    /// <summary>Owner of a trace shown with every surface.</summary>
    public const int Always = -1;

    /// <summary>Owner of a trace shown only with the test surface (critical points and valley, found on the test loss).</summary>
    public const int WithTest = -2;

    /// <summary>The surfaces scaled as the options ask, each with its height's title (the seed's "Loss" for a lone test surface).</summary>
    internal static IReadOnlyList<DrawnSurface> Draw(PlaneSurfaces plane, ViewOptions options)
    {
        plane.Validate();
        if (plane.Surfaces is [{ Kind: SurfaceKind.Test } only])
        {
            return [new DrawnSurface(SurfaceKind.Test, LossScale.Apply(only.Surface, options.LogLoss), options.ZTitle)];
        }

        return plane.Surfaces.Select(s => new DrawnSurface(
            s.Kind,
            LossScale.Apply(s.Surface, SurfaceKinds.Logarithmic(s.Kind, options.LogLoss)),
            SurfaceKinds.HeightTitle(s.Kind, options.LogLoss))).ToArray();
    }

    /// <summary>
    /// With more than one surface: hides the traces that do not belong to the first, and adds one button per surface
    /// that shows its traces (owner = its index), the traces shown always, and the test-only ones when it is the test
    /// surface. <paramref name="layoutUpdates"/> gives, per surface, the layout changes its button makes.
    /// </summary>
    /// <param name="figure">The figure with every trace.</param>
    /// <param name="owners">Per trace: the index of its surface, <see cref="Always"/> or <see cref="WithTest"/>.</param>
    /// <param name="kinds">The surfaces' kinds in order.</param>
    /// <param name="layoutUpdates">Per surface, the layout attributes its button sets (plotly's dotted names).</param>
    public static Figure Apply(Figure figure, IReadOnlyList<int> owners, IReadOnlyList<SurfaceKind> kinds, IReadOnlyList<Dictionary<string, object?>> layoutUpdates)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(layoutUpdates);
        if (kinds.Count < 2)
        {
            return figure;
        }

        if (owners.Count != figure.Data.Count)
        {
            throw new ArgumentException($"{owners.Count} owners for {figure.Data.Count} traces", nameof(owners));
        }

        var shown = Enumerable.Range(0, kinds.Count).Select(k => owners.Select(o => Shown(o, k, kinds)).ToArray()).ToArray();
        var data = figure.Data.Select((t, i) => shown[0][i] ? t : t with { Visible = false }).ToArray();
        var menu = new UpdateMenu
        {
            Buttons = kinds.Select((kind, k) => new Button(SurfaceKinds.Label(kind), "update", [new Dictionary<string, object?> { ["visible"] = shown[k] }, layoutUpdates[k]])).ToArray(),
            ShowActive = true,
            Active = 0,
            Direction = "left",
            X = 1,
            Y = 1.02,
            XAnchor = "right",
            YAnchor = "bottom",
            BackgroundColor = "#2a3f5f",
            Font = new Font { Color = DarkTheme.Text, Size = 11 },
        };
        var layout = figure.Layout with { UpdateMenus = [.. figure.Layout.UpdateMenus ?? [], menu] };
        return figure with { Data = data, Layout = layout };
    }

    private static bool Shown(int owner, int surface, IReadOnlyList<SurfaceKind> kinds) =>
        owner == Always || owner == surface || (owner == WithTest && kinds[surface] == SurfaceKind.Test);
}
