using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>A surface on the scale it is drawn at, with the title of its height.</summary>
/// <param name="Kind">Which loss it shows.</param>
/// <param name="Surface">The drawn values (log10 where asked, except for the signed gap).</param>
/// <param name="Title">The title of the height, e.g. "log10 test loss".</param>
internal sealed record DrawnSurface(SurfaceQuantities Kind, LossSurface Surface, string Title);

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

    /// <summary>The name of the buttons' menu in the layout.</summary>
    public const string MenuName = "surfaces";

    /// <summary>Pixels from the figure's top to the buttons' top: below plotly's mode bar, on the title's line.</summary>
    public const int TopPixels = 32;

    /// <summary>
    /// The surfaces scaled as the options ask, each with its height's title ("test loss", "log10 training loss"…; the
    /// seed's "Loss" for the weights plane's lone test surface, whose views stay as they were).
    /// </summary>
    internal static IReadOnlyList<DrawnSurface> Draw(PlaneView plane, ViewOptions options)
    {
        plane.Validate();
        if (plane.IsWeightsPlane && plane.Surfaces is [{ Kind: SurfaceQuantities.Test } only])
        {
            return [new DrawnSurface(SurfaceQuantities.Test, LossScale.Apply(only.Surface, options.LogLoss), options.ZTitle)];
        }

        return plane.Surfaces.Select(s => new DrawnSurface(
            s.Kind,
            LossScale.Apply(s.Surface, SurfaceStyles.Logarithmic(s.Kind, options.LogLoss)),
            SurfaceStyles.HeightTitle(s.Kind, options.LogLoss))).ToArray();
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
    public static Figure Apply(Figure figure, IReadOnlyList<int> owners, IReadOnlyList<SurfaceQuantities> kinds, IReadOnlyList<Dictionary<string, object?>> layoutUpdates)
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
            Buttons = kinds.Select((kind, k) => new Button(SurfaceStyles.Label(kind), "update", [new Dictionary<string, object?> { ["visible"] = shown[k] }, layoutUpdates[k]])).ToArray(),
            Name = MenuName,
            ShowActive = true,
            Active = 0,
            Direction = "left",
            X = 1,
            XAnchor = "right",
            YAnchor = "top",

            // plotly draws the active button on a fixed near-white: dark text on light buttons reads on both.
            BackgroundColor = "#a9b6c9",
            Font = new Font { Color = "#111111", Size = 11 },
        };
        var layout = figure.Layout with { UpdateMenus = [.. figure.Layout.UpdateMenus ?? [], menu] };
        return Place(figure with { Data = data, Layout = layout });
    }

    /// <summary>
    /// Puts the buttons at the figure's top right, <see cref="TopPixels"/> from its top (above the legend and the plot,
    /// beside the title). plotly places menus in fractions of the plot area, so call this again after changing the
    /// figure's height or its top or bottom margin.
    /// </summary>
    public static Figure Place(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var menus = figure.Layout.UpdateMenus;
        var index = menus is null ? -1 : menus.ToList().FindIndex(m => m.Name == MenuName);
        if (index < 0)
        {
            return figure;
        }

        // plotly's defaults where the layout sets nothing: 450 pixels high, margins 100 at the top and 80 at the bottom.
        var height = figure.Layout.Height ?? 450;
        var top = figure.Layout.Margin?.Top ?? 100;
        var bottom = figure.Layout.Margin?.Bottom ?? 80;
        var y = (height - TopPixels - bottom) / (double)Math.Max(1, height - top - bottom);
        var placed = menus!.Select((m, k) => k == index ? m with { Y = y } : m).ToArray();
        return figure with { Layout = figure.Layout with { UpdateMenus = placed } };
    }

    private static bool Shown(int owner, int surface, IReadOnlyList<SurfaceQuantities> kinds) =>
        owner == Always || owner == surface || (owner == WithTest && kinds[surface] == SurfaceQuantities.Test);
}
