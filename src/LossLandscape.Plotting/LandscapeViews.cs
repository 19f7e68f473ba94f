using LossLandscape.Analysis;
using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>
/// The finished views of a surface and its paths: the 3-D landscape and the 2-D contour map, each with critical points,
/// optional log10 heights and the path animation; the contour map also with the valley floor. For <c>run</c> and
/// <c>compare</c> alike: they differ only in the paths they pass.
/// </summary>
public static class LandscapeViews
{
    /// <summary>The 3-D view of one test surface: <see cref="LandscapeFigure"/> plus critical points and animation.</summary>
    public static Figure Landscape(LossSurface surface, IReadOnlyList<PathView> paths, IReadOnlyList<CriticalPoint> criticalPoints, ViewOptions options) =>
        Landscape(PlaneView.Of(surface), paths, criticalPoints, options);

    /// <summary>
    /// The 3-D view of a plane's surfaces, with buttons to switch between them when there are several. Each surface
    /// has its own copy of every path, drawn at the record's true loss of that kind (the gap: true test − true
    /// training loss) above its projection (a, b): not at the surface's value there, because on a plane that does not
    /// hold the path that would make the path look as if it lay on the surface, which it does not. Where the two
    /// differ, the path floats above or sinks below the sheet, and hover gives both numbers and the distance.
    /// Critical points (of the test loss) show with the test surface only.
    /// </summary>
    public static Figure Landscape(PlaneView plane, IReadOnlyList<PathView> paths, IReadOnlyList<CriticalPoint> criticalPoints, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(criticalPoints);
        ArgumentNullException.ThrowIfNull(options);
        var layers = SurfaceSwitch.Draw(plane, options);
        var surface = plane.First;
        string a = surface.Axis1Name, b = surface.Axis2Name;
        var several = layers.Count > 1;
        var traces = new List<Trace>();
        var owners = new List<int>();
        var pathTraces = new List<int>();
        // A projected path may run under the sheet (its true loss below the surface's): a little transparency shows it.
        var projected = paths.Any(p => p.IsProjected);
        for (var k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            var sheet = LandscapeFigure.Sheet(layer.Surface, layer.Kind, layer.Title, several ? SurfaceStyles.Label(layer.Kind) + " surface" : "loss surface");
            traces.Add(projected ? sheet with { Opacity = SheetOpacity } : sheet);
            owners.Add(k);
            foreach (var path in paths)
            {
                foreach (var trace in PathTraces3D(path, layer, a, b, options.LogLoss))
                {
                    pathTraces.Add(traces.Count);
                    traces.Add(trace);
                    owners.Add(k);
                }
            }
        }

        var layout = LandscapeFigure.SceneLayout(
            new SurfaceFigureOptions { Title = options.LandscapeTitle, Width = options.Width, Height = options.Height, ZTitle = ZAxisTitle(layers[0], several, options.LogLoss), ShowLegend = options.ShowPathLegend },
            plane.Axis1Label,
            plane.Axis2Label);
        var test = layers.FirstOrDefault(l => l.Kind == SurfaceQuantities.Test);
        if (test is not null)
        {
            var finite = test.Surface.Values.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
            var lift = 0.015 * (finite.Max() - finite.Min());
            var marks = CriticalPointTraces3D(criticalPoints, a, b, options.LogLoss, lift, options.CriticalPointColor);
            traces.AddRange(marks);
            owners.AddRange(marks.Select(_ => SurfaceSwitch.WithTest));
            if (marks.Count > 0)
            {
                layout = layout with { ShowLegend = true, Legend = layout.Legend ?? new Legend { X = 0.01, Y = 0.99, BackgroundColor = "rgba(17,17,17,0.6)" } };
            }
        }

        var figure = SurfaceSwitch.Apply(
            new Figure(traces, layout),
            owners,
            layers.Select(l => l.Kind).ToArray(),
            layers.Select(l => new Dictionary<string, object?> { ["scene.zaxis.title.text"] = ZAxisTitle(l, several, options.LogLoss) }).ToArray());
        if (!options.Animate)
        {
            return figure;
        }

        return SurfaceSwitch.Place(PathAnimation.Animate(
            figure,
            paths,
            pathTraces,
            cut => layers.SelectMany(layer => cut.SelectMany(p => PathTraces3D(p, layer, a, b, options.LogLoss))).ToArray(),
            options.MaxFrames,
            redraw: true));
    }

    /// <summary>Opacity of the 3-D surfaces under projected paths.</summary>
    public const double SheetOpacity = 0.75;

    private static string ZAxisTitle(DrawnSurface layer, bool several, bool logLoss) =>
        several ? SurfaceStyles.AxisTitle(layer.Kind, logLoss) : layer.Title;

    /// <summary>Most records that get a drop line to the surface; longer paths get one every few records.</summary>
    public const int MaxDropLines = 80;

    /// <summary>
    /// A path's traces over one surface: the path (<see cref="PathTrace3D"/>) and, when projected, thin drop lines from
    /// each record's true loss to the surface's loss at its projection, so the gap between the two reads at a glance.
    /// </summary>
    internal static IEnumerable<Trace> PathTraces3D(PathView path, DrawnSurface layer, string axis1Name, string axis2Name, bool logLoss)
    {
        yield return PathTrace3D(path, layer, axis1Name, axis2Name, logLoss);
        if (path.IsProjected)
        {
            yield return DropLines(path, layer, logLoss);
        }
    }

    /// <summary>
    /// Vertical segments from each record's true loss of the surface's kind down (or up) to the surface at its
    /// projection, one segment per record (every few records on long paths), separated by gaps (NaN).
    /// </summary>
    internal static Scatter3dTrace DropLines(PathView path, DrawnSurface layer, bool logLoss)
    {
        var log = SurfaceStyles.Logarithmic(layer.Kind, logLoss);
        var truth = path.TrueLoss(layer.Kind);
        var surface = path.LossAtProjection(layer.Kind);
        var every = Math.Max(1, (int)Math.Ceiling(path.A.Count / (double)MaxDropLines));
        var count = path.A.Count == 0 ? 0 : ((path.A.Count - 1) / every) + 1;
        double[] x = new double[3 * count], y = new double[3 * count], z = new double[3 * count];
        for (var n = 0; n < count; n++)
        {
            var r = n * every;
            (x[3 * n], x[(3 * n) + 1], x[(3 * n) + 2]) = (path.A[r], path.A[r], double.NaN);
            (y[3 * n], y[(3 * n) + 1], y[(3 * n) + 2]) = (path.B[r], path.B[r], double.NaN);
            (z[3 * n], z[(3 * n) + 1], z[(3 * n) + 2]) = (LossScale.Height(truth[r], log), LossScale.Height(surface[r], log), double.NaN);
        }

        return new Scatter3dTrace
        {
            Name = LandscapeFigure.Escape($"{path.Name}: true loss to the surface"),
            X = x,
            Y = y,
            Z = z,
            Mode = "lines",
            Line = new Line { Color = "rgba(255,255,255,0.6)", Width = 2 },
            ShowLegend = false,
            LegendGroup = path.Name,
            HoverInfo = "skip",
        };
    }

    /// <summary>
    /// A path over one drawn surface: at each record's true loss of the surface's kind, on the surface's scale; a
    /// projected path's hover gives its distance to the plane and the surface's loss at its projection too.
    /// </summary>
    internal static Scatter3dTrace PathTrace3D(PathView path, DrawnSurface layer, string axis1Name, string axis2Name, bool logLoss)
    {
        var log = SurfaceStyles.Logarithmic(layer.Kind, logLoss);
        var heights = path.TrueLoss(layer.Kind).Select(l => LossScale.Height(l, log)).ToArray();
        var trace = LandscapeFigure.PathTrace(path with { Loss = heights }, axis1Name, axis2Name, layer.Title);
        if (!path.IsProjected)
        {
            return trace;
        }

        // The hover names the drawn kind first, and the test loss too on the other surfaces.
        SurfaceQuantities[] kinds = layer.Kind == SurfaceQuantities.Test ? [SurfaceQuantities.Test] : [layer.Kind, SurfaceQuantities.Test];
        return trace with
        {
            CustomData = ProjectionHover.Data(path, kinds),
            HoverTemplate = ProjectionHover.Template(path.Name, axis1Name, axis2Name, kinds),
        };
    }

    /// <summary>The 2-D view of one test surface: <see cref="ContourFigure"/> with the valley, critical points and animation.</summary>
    public static Figure Contour(
        LossSurface surface,
        IReadOnlyList<PathView> paths,
        IReadOnlyList<CriticalPoint> criticalPoints,
        IReadOnlyList<ValleyPoint> valley,
        ViewOptions options) =>
        Contour(PlaneView.Of(surface), paths, criticalPoints, valley, options);

    /// <summary>
    /// The 2-D view of a plane's surfaces, with buttons to switch between them when there are several: the paths at
    /// their projections (a, b), hover giving each record's distance to the plane and its true losses beside the
    /// surfaces' at the projection; the valley and critical points (of the test loss) show with the test surface only.
    /// </summary>
    public static Figure Contour(
        PlaneView plane,
        IReadOnlyList<PathView> paths,
        IReadOnlyList<CriticalPoint> criticalPoints,
        IReadOnlyList<ValleyPoint> valley,
        ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(criticalPoints);
        ArgumentNullException.ThrowIfNull(valley);
        ArgumentNullException.ThrowIfNull(options);
        var layers = SurfaceSwitch.Draw(plane, options);
        var hasTest = layers.Any(l => l.Kind == SurfaceQuantities.Test);
        if (!hasTest)
        {
            (criticalPoints, valley) = ([], []);
        }

        // A projected path's hover gives its losses as they are; the seed's paths keep their height on the drawn scale.
        var scaled = paths.Select(p => p.IsProjected ? p : LossScale.Apply(p, options.LogLoss)).ToArray();
        var figure = ContourFigure.Build(layers, plane.Axis1Label, plane.Axis2Label, scaled, criticalPoints, valley, options);
        var first = ContourFigure.FirstPathTrace(figure, scaled.Length);
        var owners = Enumerable.Range(0, figure.Data.Count)
            .Select(i => i < layers.Count ? i : i < first ? SurfaceSwitch.WithTest : SurfaceSwitch.Always).ToArray();
        figure = SurfaceSwitch.Apply(figure, owners, layers.Select(l => l.Kind).ToArray(), layers.Select(_ => new Dictionary<string, object?>()).ToArray());
        if (!options.Animate)
        {
            return figure;
        }

        var indices = new List<int>();
        for (var k = 0; k < scaled.Length; k++)
        {
            indices.Add(first + (3 * k));
            indices.Add(first + (3 * k) + 2);
        }

        string a = plane.First.Axis1Name, b = plane.First.Axis2Name;
        return SurfaceSwitch.Place(PathAnimation.Animate(
            figure,
            scaled,
            indices,
            cut => cut.SelectMany(p => new Trace[] { ContourFigure.PathTrace(p, a, b, layers[0].Title), ContourFigure.EndTrace(p, a, b, layers[0].Title) }).ToArray(),
            options.MaxFrames,
            redraw: false));
    }

    /// <summary>
    /// Critical points as labelled 3-D markers at their loss (on the drawn scale) raised by <paramref name="lift"/> so the
    /// surface does not hide them (hover shows the exact loss), one trace per kind.
    /// </summary>
    /// <param name="points">The critical points.</param>
    /// <param name="axis1Name">Name of the first coordinate.</param>
    /// <param name="axis2Name">Name of the second coordinate.</param>
    /// <param name="logLoss">Draw them at log10 of their loss.</param>
    /// <param name="lift">Height added to each.</param>
    /// <param name="color">One colour for every marker, or null for each kind's colour.</param>
    public static IReadOnlyList<Scatter3dTrace> CriticalPointTraces3D(IReadOnlyList<CriticalPoint> points, string axis1Name, string axis2Name, bool logLoss, double lift = 0, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        return points.GroupBy(p => p.Kind).OrderBy(g => g.Key).Select(group =>
        {
            var style = CriticalPointStyle.Of(group.Key);
            var list = group.ToArray();
            return new Scatter3dTrace
            {
                Name = style.Legend,
                X = list.Select(p => p.A).ToArray(),
                Y = list.Select(p => p.B).ToArray(),
                Z = list.Select(p => LossScale.Height(p.Loss, logLoss) + lift).ToArray(),
                Mode = "markers+text",
                Text = list.Select(p => p.KindName).ToArray(),
                TextPosition = "top center",
                Marker = new Marker { Color = color ?? style.Color, Size = 7, Symbol = style.Symbol3D, Line = new Line { Color = "#000000", Width = 1 } },
                CustomData = list.Select(p => CriticalPointStyle.HoverData(p)).ToArray(),
                LegendGroup = "critical-" + style.Legend,
                HoverTemplate = CriticalPointStyle.HoverTemplate(axis1Name, axis2Name),
            };
        }).ToArray();
    }
}
