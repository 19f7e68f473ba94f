using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>
/// The chart under the plane views that says how far the drawn path is from the real one: on top, per record, its
/// distance to the plane; below, its true test loss (solid) beside the test surface's loss at its projection (dotted).
/// Where the two loss lines part, the point drawn on the plane is not where the network was.
/// </summary>
public static class ProjectionFigure
{
    /// <summary>Height of the chart in pixels.</summary>
    public const int DefaultHeight = 460;

    /// <summary>
    /// The chart of the projected paths, or null when there is nothing to show. On the weights plane (the whole
    /// parameter space) every distance is 0 and the surface's loss at each record is its true loss: a chart of a flat
    /// zero line and two identical curves would take half a screen to say nothing, and would suggest there is something
    /// to watch, so it is left out (the views' hover still names each record's loss). The same holds for paths that
    /// are not projected.
    /// </summary>
    /// <param name="plane">The plane the paths are drawn on.</param>
    /// <param name="paths">The paths; those not projected are skipped.</param>
    /// <param name="options">Width and log scale (the loss panel is logarithmic when asked and every loss is positive).</param>
    public static Figure? Build(PlaneView plane, IReadOnlyList<PathView> paths, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var projected = paths.Where(p => p.IsProjected && p.A.Count > 0).ToArray();
        if (plane.IsWeightsPlane || projected.Length == 0)
        {
            return null;
        }

        var byStep = projected.Any(p => p.Epochs.Distinct().Count() < p.Epochs.Count);
        var xTitle = byStep ? "step" : "epoch";
        var several = projected.Length > 1;
        var traces = new List<Trace>();
        foreach (var path in projected)
        {
            var x = (byStep ? path.Steps : path.Epochs).Select(v => (double)v).ToArray();
            var name = LandscapeFigure.Escape(path.Name);
            var color = path.LineColor;
            var custom = path.Epochs.Select((e, k) => (object?)new object[] { e, path.Steps[k] }).ToArray();
            var when = "epoch %{customdata[0]} (step %{customdata[1]})";
            traces.Add(new ScatterTrace
            {
                Name = several ? name : "distance to the plane",
                X = x,
                Y = path.Distance!,
                Mode = "lines+markers",
                Line = new Line { Color = color, Width = 2 },
                Marker = new Marker { Color = color, Size = 4 },
                CustomData = custom,
                LegendGroup = path.Name,
                ShowLegend = several,
                HoverTemplate = $"<b>{name}</b><br>{when}<br>distance to the plane = %{{y:.4g}}<extra></extra>",
            });
            traces.Add(new ScatterTrace
            {
                Name = several ? $"{name}: true test loss" : "true test loss",
                X = x,
                Y = path.Loss,
                Mode = "lines",
                Line = new Line { Color = color, Width = 2 },
                CustomData = custom,
                LegendGroup = path.Name,
                ShowLegend = !several,
                XAxis = "x2",
                YAxis = "y2",
                HoverTemplate = $"<b>{name}</b><br>{when}<br>true test loss = %{{y:.6g}}<extra></extra>",
            });
            traces.Add(new ScatterTrace
            {
                Name = several ? $"{name}: surface at (a, b)" : "test surface at the projection (a, b)",
                X = x,
                Y = path.LossAtProjection(SurfaceQuantities.Test),
                Mode = "lines",
                Line = new Line { Color = several ? color : "#19d3f3", Width = 2, Dash = "dot" },
                CustomData = custom,
                LegendGroup = path.Name,
                ShowLegend = !several,
                XAxis = "x2",
                YAxis = "y2",
                HoverTemplate = $"<b>{name}</b><br>{when}<br>test surface at the projection = %{{y:.6g}}<extra></extra>",
            });
        }

        var losses = projected.SelectMany(p => p.Loss.Concat(p.LossAtProjection(SurfaceQuantities.Test))).Where(double.IsFinite).ToArray();
        var log = options.LogLoss && losses.Length > 0 && losses.Min() > 0;
        var distanceTitle = "distance to the plane";
        var lossTitle = log ? "test loss (log scale)" : "test loss";
        var layout = DarkTheme.BaseLayout("How far the drawn path is from the real one", options.Width, DefaultHeight) with
        {
            XAxis = DarkTheme.PlaneAxis(string.Empty) with { Anchor = "y", Domain = [0, 1] },
            YAxis = DarkTheme.PlaneAxis(distanceTitle) with { Domain = [0.6, 1], Anchor = "x", RangeMode = "tozero" },
            XAxis2 = DarkTheme.PlaneAxis(xTitle) with { Anchor = "y2", Domain = [0, 1], Matches = "x" },
            YAxis2 = DarkTheme.PlaneAxis(lossTitle) with { Domain = [0, 0.45], Anchor = "x2", Type = log ? "log" : null },
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 0, Y = -0.22, YAnchor = "top" },
            Margin = new Margin { Top = 60, Bottom = 40 },
            Annotations =
            [
                new Annotation
                {
                    Text = several ? "solid: true test loss · dotted: the test surface at the projection" : "the path is drawn at (a, b); the network was this far from it",
                    X = 1,
                    Y = several ? 0.47 : 1.02,
                    XAnchor = "right",
                    YAnchor = "bottom",
                    Font = new Font { Size = 11, Color = "#aab4c8" },
                },
            ],
        };
        return new Figure(traces, layout);
    }

    /// <summary>The largest distance of any record to the plane, for a summary line.</summary>
    public static double MaxDistance(IReadOnlyList<PathView> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return paths.Where(p => p.Distance is not null).SelectMany(p => p.Distance!).DefaultIfEmpty(0).Max();
    }

    /// <summary>The figures of a page: the view, then the chart under it when there is one.</summary>
    public static Figure[] Page(Figure view, Figure? chart)
    {
        ArgumentNullException.ThrowIfNull(view);
        return chart is null ? [view] : [view, chart];
    }
}
