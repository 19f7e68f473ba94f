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
    /// <summary>The 3-D view: <see cref="LandscapeFigure"/> plus critical points and animation.</summary>
    public static Figure Landscape(LossSurface surface, IReadOnlyList<PathView> paths, IReadOnlyList<CriticalPoint> criticalPoints, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(criticalPoints);
        ArgumentNullException.ThrowIfNull(options);
        var drawn = LossScale.Apply(surface, options.LogLoss);
        var scaled = paths.Select(p => LossScale.Apply(p, options.LogLoss)).ToArray();
        var figure = LandscapeFigure.Build(drawn, scaled, new SurfaceFigureOptions
        {
            Title = options.LandscapeTitle,
            Width = options.Width,
            Height = options.Height,
            ZTitle = options.ZTitle,
            ShowLegend = options.ShowPathLegend,
        });
        var lift = 0.015 * (drawn.Values.Where(double.IsFinite).DefaultIfEmpty(0).Max() - drawn.Values.Where(double.IsFinite).DefaultIfEmpty(0).Min());
        var marks = CriticalPointTraces3D(criticalPoints, surface.Axis1Name, surface.Axis2Name, options.LogLoss, lift, options.CriticalPointColor);
        var firstPath = 1;
        figure = figure with { Data = [.. figure.Data.Take(firstPath + scaled.Length), .. marks] };
        if (marks.Count > 0)
        {
            figure = figure with { Layout = figure.Layout with { ShowLegend = true, Legend = figure.Layout.Legend ?? new Legend { X = 0.01, Y = 0.99, BackgroundColor = "rgba(17,17,17,0.6)" } } };
        }

        if (!options.Animate)
        {
            return figure;
        }

        var indices = Enumerable.Range(firstPath, scaled.Length).ToArray();
        return PathAnimation.Animate(
            figure,
            scaled,
            indices,
            cut => cut.Select(p => (Trace)LandscapeFigure.PathTrace(p, surface.Axis1Name, surface.Axis2Name, options.ZTitle)).ToArray(),
            options.MaxFrames,
            redraw: true);
    }

    /// <summary>The 2-D view: <see cref="ContourFigure"/> with the valley, critical points and animation.</summary>
    public static Figure Contour(
        LossSurface surface,
        IReadOnlyList<PathView> paths,
        IReadOnlyList<CriticalPoint> criticalPoints,
        IReadOnlyList<ValleyPoint> valley,
        ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var scaled = paths.Select(p => LossScale.Apply(p, options.LogLoss)).ToArray();
        var figure = ContourFigure.Build(LossScale.Apply(surface, options.LogLoss), scaled, criticalPoints, valley, options);
        if (!options.Animate)
        {
            return figure;
        }

        var first = ContourFigure.FirstPathTrace(figure, scaled.Length);
        var indices = new List<int>();
        for (var k = 0; k < scaled.Length; k++)
        {
            indices.Add(first + (3 * k));
            indices.Add(first + (3 * k) + 2);
        }

        string a = surface.Axis1Name, b = surface.Axis2Name;
        return PathAnimation.Animate(
            figure,
            scaled,
            indices,
            cut => cut.SelectMany(p => new Trace[] { ContourFigure.PathTrace(p, a, b, options.ZTitle), ContourFigure.EndTrace(p, a, b, options.ZTitle) }).ToArray(),
            options.MaxFrames,
            redraw: false);
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
