using System.Globalization;
using LossLandscape.Analysis;
using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>One contestant of a race as drawn: its path on the surface and where each record lies in epochs.</summary>
public sealed record RacePath
{
    /// <summary>The label (legend, hover).</summary>
    public required string Label { get; init; }

    /// <summary>Plane coordinates, test loss, epochs and steps of every record.</summary>
    public required PathView Path { get; init; }

    /// <summary>Each record's position in epochs (steps / steps per epoch), the x of the test-loss chart.</summary>
    public required IReadOnlyList<double> EpochPosition { get; init; }

    /// <summary>
    /// How the run ended early, said in the legend and marked with an X at the last point drawn ("diverged",
    /// "left the surface"), or null when it finished.
    /// </summary>
    public string? Stop { get; init; }

    /// <summary>The details of <see cref="Stop"/> shown on hover, e.g. "batch loss is NaN".</summary>
    public string? StopNote { get; init; }

    /// <summary>
    /// How many of the records the 3-D path draws (the first ones); null for all. A path that leaves the surface is
    /// drawn up to its last record on it; the test-loss chart always shows every record.
    /// </summary>
    public int? DrawnOnSurface { get; init; }
}

/// <summary>
/// The race figure: the loss surface with one coloured path per contestant on top, and below it the test loss of
/// every contestant against the epoch. A legend entry toggles a contestant in both. A diverged contestant is marked
/// with an X at its last finite record and "(diverged)" in the legend.
/// </summary>
public static class CompareFigure
{
    /// <summary>Where the 3-D scene ends and the chart begins (fractions of the figure height).</summary>
    private const double SceneBottom = 0.27;
    private const double ChartTop = 0.22;

    /// <summary>
    /// Path colours: the dark template's colorway, reordered so the first ones stand out on the plasma colour scale
    /// (whose low end, where paths end up, is dark blue and purple).
    /// </summary>
    public static readonly IReadOnlyList<string> PathColors =
    [
        DarkTheme.Colorway[5], DarkTheme.Colorway[2], DarkTheme.Colorway[8], DarkTheme.Colorway[9], DarkTheme.Colorway[1],
        DarkTheme.Colorway[7], DarkTheme.Colorway[4], DarkTheme.Colorway[6], DarkTheme.Colorway[0], DarkTheme.Colorway[3],
    ];

    /// <summary>The colour of contestant <paramref name="index"/> (cycling through <see cref="PathColors"/>).</summary>
    public static string ColorOf(int index) => PathColors[index % PathColors.Count];

    /// <summary>The colour of every critical-point marker in the race views: none of the contestants' colours.</summary>
    public const string CriticalPointColor = "#ffffff";

    /// <summary>The most of the contour view's height its legend may take; a smaller font is tried, then no legend.</summary>
    public const double MaxLegendShare = 1.0 / 3;

    /// <summary>Width of the race figure in pixels unless one is asked for.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Height of the race figure in pixels unless one is asked for (the surface above, the loss chart below).</summary>
    public const int DefaultHeight = 1100;

    /// <summary>Builds the figure without critical points, on the linear loss scale.</summary>
    /// <param name="surface">The surface, covering every path.</param>
    /// <param name="paths">The contestants in order.</param>
    /// <param name="title">The figure title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static Figure Build(LossSurface surface, IReadOnlyList<RacePath> paths, string title = "Optimizer race", int width = DefaultWidth, int height = DefaultHeight) =>
        Build(surface, paths, [], new ViewOptions { LandscapeTitle = title, Width = width, Height = height, Animate = false });

    /// <summary>
    /// Builds the figure with the surface's critical points on it. <see cref="ViewOptions.LogLoss"/> draws log10 of the
    /// loss on the surface and the paths and puts the loss chart on a log axis; <see cref="ViewOptions.LandscapeTitle"/>
    /// titles the figure. <see cref="ViewOptions.Animate"/> adds a play button and a slider that grow every path together.
    /// </summary>
    /// <param name="surface">The surface, covering every path.</param>
    /// <param name="paths">The contestants in order.</param>
    /// <param name="criticalPoints">Critical points and edge minima of the surface, or empty.</param>
    /// <param name="options">Title, size and loss scale.</param>
    public static Figure Build(LossSurface surface, IReadOnlyList<RacePath> paths, IReadOnlyList<CriticalPoint> criticalPoints, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(surface);
        return Build(PlaneView.Of(surface), paths, criticalPoints, options);
    }

    /// <summary>
    /// The race figure on a plane: every surface of the plane, with buttons that switch between them when there are
    /// several (the race's loss chart below stays the test loss), the axes titled by the plane, each contestant drawn at
    /// its true loss of the shown kind above its projections, hover giving each record's distance to the plane and the
    /// surface's value there. Critical points (of the test loss) show with the test surface.
    /// </summary>
    /// <param name="plane">The surfaces and axis titles.</param>
    /// <param name="paths">The contestants in order.</param>
    /// <param name="criticalPoints">Critical points and edge minima of the test surface, or empty.</param>
    /// <param name="options">Title, size, loss scale and animation.</param>
    public static Figure Build(PlaneView plane, IReadOnlyList<RacePath> paths, IReadOnlyList<CriticalPoint> criticalPoints, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(criticalPoints);
        ArgumentNullException.ThrowIfNull(options);
        plane.Validate();
        var surface = plane.First;
        var a = LandscapeFigure.Escape(surface.Axis1Name);
        var b = LandscapeFigure.Escape(surface.Axis2Name);
        var log = options.LogLoss;
        var layers = SurfaceSwitch.Draw(plane, options);
        var several = layers.Count > 1;
        var traces = new List<Trace>();
        var owners = new List<int>();
        var drawnPaths = paths.Select((path, k) => Prefix(path.Path, path.DrawnOnSurface ?? path.Path.A.Count) with
        {
            Name = path.Label,
            LineColor = ColorOf(k),
            MarkerColor = ColorOf(k),
            LineWidth = 7,
            MarkerSize = 3,
            DivergedNote = null,
        }).ToArray();
        var pathTraces = new List<int>();
        for (var l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            var z = HeightTitle(layer, several, log);
            var drawn = layer.Surface;
            traces.Add(new SurfaceTrace
            {
                Name = several ? SurfaceStyles.Label(layer.Kind) + " surface" : "loss surface",
                X = drawn.Axis1.Values.ToArray(),
                Y = drawn.Axis2.Values.ToArray(),
                Z = LandscapeFigure.Transposed(drawn),
                ColorScale = SurfaceStyles.ColorScale(layer.Kind),
                ColorMid = layer.Kind == SurfaceQuantities.Gap ? 0 : null,
                ColorBar = new ColorBar { Title = new Title(z), Length = 0.5, Y = 0.66 },

                // Projected paths run above and below the sheet: a little transparency keeps them in sight.
                Opacity = paths.Any(p => p.Path.IsProjected) ? LandscapeViews.SheetOpacity : null,
                ShowLegend = false,
                HoverTemplate = $"{LandscapeFigure.Escape(a)} = %{{x:.4f}}<br>{LandscapeFigure.Escape(b)} = %{{y:.4f}}<br>{z} = %{{z:.6g}}<extra></extra>",
            });
            owners.Add(l);
            if (!drawnPaths.All(p => HasHeights(p, layer.Kind)))
            {
                // A surface the paths have no values of (a sharpness map without λmax along the runs) is drawn alone.
                continue;
            }

            for (var k = 0; k < paths.Count; k++)
            {
                var path = paths[k];
                var view = OnLayer(drawnPaths[k], layer, log);
                pathTraces.Add(traces.Count);
                traces.Add(PathTrace3d(view, drawnPaths[k], path, layer.Kind, a, b, z));
                owners.Add(l);
                if (path.Stop is not null && view.A.Count > 0)
                {
                    traces.Add(StopMarker3d(view, path.Stop, path.StopNote, ColorOf(k), a, b, z));
                    owners.Add(l);
                }
                else if (view.A.Count > 1)
                {
                    traces.Add(EndLabel3d(view, ColorOf(k), z));
                    owners.Add(l);
                }
            }
        }

        if (layers.FirstOrDefault(l => l.Kind == SurfaceQuantities.Test) is { } test)
        {
            var finite = test.Surface.Values.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
            var marks = CriticalPoints3d(test.Surface, criticalPoints, log, 0.015 * (finite.Max() - finite.Min()), options.CriticalPointColor ?? CriticalPointColor).ToArray();
            traces.AddRange(marks);
            owners.AddRange(marks.Select(_ => SurfaceSwitch.WithTest));
        }

        var allLosses = paths.SelectMany(p => p.Path.Loss).Where(double.IsFinite).ToArray();
        var positive = allLosses.Length > 0 && allLosses.Min() > 0;
        var logScale = positive && (log || allLosses.Max() / allLosses.Min() > 50);
        for (var k = 0; k < paths.Count; k++)
        {
            var path = paths[k];
            var color = ColorOf(k);
            traces.Add(new ScatterTrace
            {
                Name = path.Label,
                X = path.EpochPosition,
                Y = path.Path.Loss,
                Mode = "lines+markers",
                Line = new Line { Color = color, Width = 2.5 },
                Marker = new Marker { Color = color, Size = 4 },
                ShowLegend = false,
                LegendGroup = path.Label,
                XAxis = "x",
                YAxis = "y",
                HoverTemplate = $"<b>{LandscapeFigure.Escape(path.Label)}</b><br>epoch %{{x:.4g}}<br>test loss = %{{y:.6g}}<extra></extra>",
            });
            owners.Add(SurfaceSwitch.Always);
            if (path.Stop is not null && path.EpochPosition.Count > 0)
            {
                var at = Math.Min(path.DrawnOnSurface ?? path.EpochPosition.Count, path.EpochPosition.Count) - 1;
                traces.Add(new ScatterTrace
                {
                    Name = $"{path.Label}: {path.Stop}",
                    X = [path.EpochPosition[at]],
                    Y = [path.Path.Loss[at]],
                    Mode = "markers",
                    Marker = new Marker { Color = color, Size = 14, Symbol = "x" },
                    ShowLegend = false,
                    LegendGroup = path.Label,
                    XAxis = "x",
                    YAxis = "y",
                    HoverTemplate = $"<b>{LandscapeFigure.Escape(path.Label)}</b> {LandscapeFigure.Escape(path.Stop)} after this record<br>{LandscapeFigure.Escape(path.StopNote ?? string.Empty)}<extra></extra>",
                });
                owners.Add(SurfaceSwitch.Always);
            }
        }

        var layout = DarkTheme.BaseLayout(options.LandscapeTitle, options.Width, options.Height) with
        {
            Scene = new Scene
            {
                XAxis = DarkTheme.SceneAxis(plane.Axis1Label, showGrid: false),
                YAxis = DarkTheme.SceneAxis(plane.Axis2Label, showGrid: false),
                ZAxis = DarkTheme.SceneAxis(HeightTitle(layers[0], several, log), showGrid: false),
                AspectMode = "manual",
                AspectRatio = new AspectRatio(1, 1, 0.5),
                Domain = new Domain { X = [0, 1], Y = [SceneBottom, 1] },
                Camera = new Camera { Eye = new AspectRatio(-0.55, -1.55, 1.2) },
            },
            XAxis = DarkTheme.PlaneAxis("epoch") with { Domain = [0.06, 0.94], Anchor = "y" },
            YAxis = DarkTheme.PlaneAxis(logScale ? "test loss (log scale)" : "test loss") with
            {
                Domain = [0, ChartTop],
                Anchor = "x",
                Type = logScale ? "log" : null,
            },
            ShowLegend = true,
            Legend = new Legend
            {
                X = 0.01,
                Y = 0.99,
                BackgroundColor = "rgba(17,17,17,0.7)",
                Title = new Title(criticalPoints.Count > 0 ? "click to hide or show" : "click to hide or show a run"),
                TraceGroupGap = 2,
            },
            Margin = new Margin { Left = 40, Right = 40, Top = 60, Bottom = 50 },
        };
        // The legend lies over the scene's top left corner: a smaller font when it would cover much of a small scene, and
        // none when even that would (hover still names every path).
        var entries = paths.Count + criticalPoints.Select(p => p.Kind).Distinct().Count();
        var scene = (1 - SceneBottom) * (options.Height - 110 - (options.Animate ? PathAnimation.ControlsMargin - 50 : 0));
        if (30 + (21 * entries) > 0.5 * scene)
        {
            layout = 30 + (17 * entries) > 0.6 * scene
                ? layout with { ShowLegend = false }
                : layout with { Legend = layout.Legend! with { Font = new Font { Size = 10 }, TraceGroupGap = 0 } };
        }

        var figure = SurfaceSwitch.Apply(
            new Figure(traces, layout),
            owners,
            layers.Select(l => l.Kind).ToArray(),
            layers.Select(l => new Dictionary<string, object?> { ["scene.zaxis.title.text"] = HeightTitle(l, several, log) }).ToArray());
        if (!options.Animate)
        {
            return figure;
        }

        // The play button and slider grow every 3-D path together, on every surface (the end marks and the loss chart stay whole).
        var animated = layers.Where(l => drawnPaths.All(p => HasHeights(p, l.Kind))).ToArray();
        return SurfaceSwitch.Place(PathAnimation.Animate(
            figure,
            drawnPaths,
            pathTraces,
            cut => animated.SelectMany(layer => cut.Select((raw, k) => (Trace)PathTrace3d(OnLayer(raw, layer, log), raw, paths[k], layer.Kind, a, b, HeightTitle(layer, several, log)))).ToArray(),
            options.MaxFrames,
            redraw: true));
    }

    /// <summary>The height's title: the seed's "Test loss" for a lone test surface, else the kind's (short when switched).</summary>
    private static string HeightTitle(DrawnSurface layer, bool several, bool log) => layer.Kind == SurfaceQuantities.Test && !several
        ? (log ? "log10 test loss" : "Test loss")
        : several ? SurfaceStyles.AxisTitle(layer.Kind, log) : layer.Title;

    /// <summary>Whether the path has values of the kind (training losses for train and gap, λmax for sharpness).</summary>
    private static bool HasHeights(PathView path, SurfaceQuantities kind) => kind switch
    {
        SurfaceQuantities.Test => true,
        SurfaceQuantities.Sharpness => path.Sharpness is not null,
        _ => path.TrainLoss is not null,
    };

    /// <summary>The path at its true values of the layer's kind, on the layer's scale.</summary>
    private static PathView OnLayer(PathView raw, DrawnSurface layer, bool log)
    {
        var scale = SurfaceStyles.Logarithmic(layer.Kind, log);
        return raw with { Loss = raw.TrueLoss(layer.Kind).Select(l => LossScale.Height(l, scale)).ToArray() };
    }

    /// <summary>
    /// Contestant <paramref name="index"/> as a path for the plane views (<see cref="LandscapeViews.Contour(PlaneView, IReadOnlyList{PathView}, IReadOnlyList{CriticalPoint}, IReadOnlyList{ValleyPoint}, ViewOptions)"/>): in its
    /// race colour, its end marked in that colour, cut where it leaves the surface, and its stop said in the legend.
    /// </summary>
    public static PathView PlanePath(RacePath path, int index)
    {
        ArgumentNullException.ThrowIfNull(path);
        var color = ColorOf(index);

        // At least the start, so that the start and end marks have a record to stand on.
        return Prefix(path.Path, Math.Max(1, path.DrawnOnSurface ?? path.Path.A.Count)) with
        {
            Name = path.Stop is null or "diverged" ? path.Label : $"{path.Label} ({path.Stop})",
            LineColor = color,
            MarkerColor = color,
            EndMarkerColor = color,
            StartMarkerColor = "#ffffff",
            LineWidth = 3,
            MarkerSize = 3,
            DivergedNote = path.Stop == "diverged" ? path.StopNote ?? "diverged" : null,
        };
    }

    /// <summary>
    /// The race's contour view: <see cref="LandscapeViews.Contour(PlaneView, IReadOnlyList{PathView}, IReadOnlyList{CriticalPoint}, IReadOnlyList{ValleyPoint}, ViewOptions)"/> with every contestant's path in its colour
    /// (<see cref="PlanePath"/>; its legend entry toggles the path and its start and end), neutral critical points, the
    /// valley floor and the animation growing every path together. The legend sits above the map, with room made for
    /// as many rows as the labels need.
    /// </summary>
    /// <param name="surface">The surface, covering every path.</param>
    /// <param name="paths">The contestants in order.</param>
    /// <param name="criticalPoints">Critical points and edge minima, or empty.</param>
    /// <param name="valley">The valley floor, or empty.</param>
    /// <param name="options">Title, size, scale and animation.</param>
    public static Figure Contour(LossSurface surface, IReadOnlyList<RacePath> paths, IReadOnlyList<CriticalPoint> criticalPoints, IReadOnlyList<ValleyPoint> valley, ViewOptions options) =>
        Contour(PlaneView.Of(surface), paths, criticalPoints, valley, options);

    /// <summary>
    /// The race's contour view of a plane's surfaces (buttons switch between them when there are several), each
    /// contestant drawn at its projections with its distances in hover; otherwise as the one-surface overload.
    /// </summary>
    /// <param name="plane">The surfaces and axis titles, covering every path.</param>
    /// <param name="paths">The contestants in order.</param>
    /// <param name="criticalPoints">Critical points and edge minima, or empty.</param>
    /// <param name="valley">The valley floor, or empty.</param>
    /// <param name="options">Title, size, scale and animation.</param>
    public static Figure Contour(PlaneView plane, IReadOnlyList<RacePath> paths, IReadOnlyList<CriticalPoint> criticalPoints, IReadOnlyList<ValleyPoint> valley, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var figure = LandscapeViews.Contour(
            plane,
            paths.Select(PlanePath).ToArray(),
            criticalPoints,
            valley,
            options with { CriticalPointColor = options.CriticalPointColor ?? CriticalPointColor });
        var entries = figure.Data.Where(t => t.ShowLegend != false && t.Name is not null).Select(t => t.Name!).ToArray();
        var room = MaxLegendShare * options.Height;
        var (font, charWidth, rowHeight) = (12, 6.5, 20);
        var rows = LegendRows(entries, options.Width - 180, charWidth);
        if (90 + (rowHeight * rows) > room)
        {
            (font, charWidth, rowHeight) = (10, 5.5, 17);
            rows = LegendRows(entries, options.Width - 180, charWidth);
        }

        var margin = figure.Layout.Margin ?? new Margin();

        // The title stays at the top of the figure, above the legend, however tall the margin grows.
        figure = figure with { Layout = figure.Layout with { Title = figure.Layout.Title! with { Y = 1 - (20.0 / options.Height), YAnchor = "top" } } };
        if (90 + (rowHeight * rows) > room)
        {
            // Too small a figure for the legend: the map keeps its room (hover still names every path).
            return SurfaceSwitch.Place(figure with { Layout = figure.Layout with { ShowLegend = false, Margin = margin with { Top = 80 } } });
        }

        var layout = figure.Layout with
        {
            Legend = (figure.Layout.Legend ?? new Legend()) with { Y = 1.02, YAnchor = "bottom", TraceGroupGap = 0, Font = new Font { Size = font } },
            Margin = margin with { Top = 90 + (rowHeight * rows) },
        };
        return SurfaceSwitch.Place(figure with { Layout = layout });
    }

    /// <summary>
    /// Rows a horizontal legend of <paramref name="names"/> takes in <paramref name="width"/> pixels (plotly wraps its
    /// entries; each is about 50 pixels of symbol and gaps plus <paramref name="charWidth"/> per character).
    /// </summary>
    /// <param name="names">The legend entries.</param>
    /// <param name="width">Pixels available.</param>
    /// <param name="charWidth">Average pixels per character (6.5 at plotly's 12-point legend font).</param>
    public static int LegendRows(IReadOnlyList<string> names, int width, double charWidth = 6.5)
    {
        ArgumentNullException.ThrowIfNull(names);
        var rows = names.Count == 0 ? 0 : 1;
        var used = 0.0;
        foreach (var name in names)
        {
            var entry = 50 + (charWidth * System.Net.WebUtility.HtmlDecode(name).Length);
            if (used > 0 && used + entry > width)
            {
                rows++;
                used = 0;
            }

            used += entry;
        }

        return rows;
    }

    /// <summary>The chart's x for each record: steps divided by the steps in one epoch.</summary>
    public static double[] EpochPositions(IReadOnlyList<int> steps, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        return steps.Select(s => (double)s / stepsPerEpoch).ToArray();
    }

    private static PathView Prefix(PathView path, int count)
    {
        count = Math.Clamp(count, 0, path.A.Count);
        return count == path.A.Count ? path : path.Select(Enumerable.Range(0, count).ToArray());
    }

    /// <summary>
    /// The critical points on the race surface. A label that the contour view would move below its point (a close
    /// neighbour's label is above) is left out here, where text below a point would sink into the surface; the marker,
    /// its legend entry and its hover still say the kind.
    /// </summary>
    private static IEnumerable<Scatter3dTrace> CriticalPoints3d(LossSurface surface, IReadOnlyList<CriticalPoint> points, bool log, double lift, string color)
    {
        var crowded = ContourFigure.CrowdedLabels(points, surface);
        var traces = LandscapeViews.CriticalPointTraces3D(points, surface.Axis1Name, surface.Axis2Name, log, lift, color);
        var kinds = points.Select((p, i) => (Point: p, Crowded: crowded[i])).GroupBy(p => p.Point.Kind).OrderBy(g => g.Key).ToArray();
        return traces.Select((trace, k) => trace with
        {
            Text = kinds[k].Select(p => p.Crowded ? string.Empty : p.Point.KindName).ToArray(),
        });
    }

    /// <summary>
    /// A contestant's 3-D path (heights on the drawn scale from <paramref name="view"/>), named in the legend with how it
    /// stopped; a projected path's hover gives, from <paramref name="raw"/>, its distances and unscaled losses.
    /// </summary>
    private static Scatter3dTrace PathTrace3d(PathView view, PathView raw, RacePath path, SurfaceQuantities kind, string a, string b, string z)
    {
        var trace = LandscapeFigure.PathTrace(view, a, b, z) with
        {
            ShowLegend = true,
            Name = LandscapeFigure.Escape(path.Stop is null ? path.Label : $"{path.Label} ({path.Stop})"),
        };
        SurfaceQuantities[] kinds = kind == SurfaceQuantities.Test ? [SurfaceQuantities.Test] : [kind, SurfaceQuantities.Test];
        return raw.IsProjected
            ? trace with { CustomData = ProjectionHover.Data(raw, kinds), HoverTemplate = ProjectionHover.Template(raw.Name, a, b, kinds) }
            : trace;
    }

    /// <summary>A diamond at the end of a path that finished (its label is in the legend and on hover).</summary>
    private static Scatter3dTrace EndLabel3d(PathView view, string color, string z)
    {
        var last = view.A.Count - 1;
        return new Scatter3dTrace
        {
            Name = $"{view.Name}: end",
            X = [view.A[last]],
            Y = [view.B[last]],
            Z = [view.Loss[last]],
            Mode = "markers",
            Marker = new Marker { Color = color, Size = 7, Symbol = "diamond", Line = new Line { Color = DarkTheme.Background, Width = 1 } },
            ShowLegend = false,
            LegendGroup = view.Name,
            HoverTemplate = string.Create(
                CultureInfo.InvariantCulture,
                $"<b>{LandscapeFigure.Escape(view.Name)}</b> ends here (epoch {view.Epochs[last]}, step {view.Steps[last]})<br>{z} %{{z:.6g}}<extra></extra>"),
        };
    }

    private static Scatter3dTrace StopMarker3d(PathView view, string stop, string? note, string color, string a, string b, string z)
    {
        var last = view.A.Count - 1;
        return new Scatter3dTrace
        {
            Name = $"{view.Name}: {stop}",
            X = [view.A[last]],
            Y = [view.B[last]],
            Z = [view.Loss[last]],
            Mode = "markers+text",
            Marker = new Marker { Color = color, Size = 9, Symbol = "x" },
            Text = [stop],
            TextPosition = "top center",
            ShowLegend = false,
            LegendGroup = view.Name,
            HoverTemplate = string.Create(
                CultureInfo.InvariantCulture,
                $"<b>{LandscapeFigure.Escape(view.Name)}</b> {LandscapeFigure.Escape(stop)} after this record<br>{LandscapeFigure.Escape(note ?? string.Empty)}<br>{a} = %{{x:.4f}}<br>{b} = %{{y:.4f}}<br>{z} = %{{z:.6g}}<extra></extra>"),
        };
    }
}
