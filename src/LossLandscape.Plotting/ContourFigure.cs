using System.Globalization;
using LossLandscape.Analysis;
using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>
/// The 2-D view: contours of the surface with x = the plane's first coordinate and y = the second (as in the 3-D view),
/// the valley floor, the critical points and the paths with their start and end marked.
/// </summary>
public static class ContourFigure
{
    /// <summary>Fraction of the grid's extent within which two labels above their points would collide.</summary>
    public const double LabelCrowding = 0.08;

    /// <summary>Contour levels plotly aims for.</summary>
    public const int Levels = 40;

    /// <summary>
    /// Builds the view. The surface is drawn as given (apply <see cref="LossScale"/> first for log10); critical points
    /// and paths are drawn at their coordinates, their heights only in hover text.
    /// </summary>
    /// <param name="surface">The surface (already on the drawn scale).</param>
    /// <param name="paths">The paths (losses on the drawn scale).</param>
    /// <param name="criticalPoints">Critical points and edge minima, or empty.</param>
    /// <param name="valley">The valley floor, or empty.</param>
    /// <param name="options">Size, title, scale name.</param>
    public static Figure Build(
        LossSurface surface,
        IReadOnlyList<PathView> paths,
        IReadOnlyList<CriticalPoint> criticalPoints,
        IReadOnlyList<ValleyPoint> valley,
        ViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(surface);
        options ??= new ViewOptions();
        var plane = PlaneView.Of(surface);
        return Build([new DrawnSurface(SurfaceQuantities.Test, surface, options.ZTitle)], plane.Axis1Label, plane.Axis2Label, paths, criticalPoints, valley, options);
    }

    /// <summary>
    /// Builds the view of one or more surfaces of a plane (each already on its drawn scale, the first shown), with the
    /// axes titled <paramref name="axis1Label"/> and <paramref name="axis2Label"/>. With several surfaces one contour
    /// trace per surface comes first (in order), and the valley and critical points (both of the test loss) show only
    /// with the test surface; <see cref="SurfaceSwitch"/> adds the buttons.
    /// </summary>
    internal static Figure Build(
        IReadOnlyList<DrawnSurface> layers,
        string axis1Label,
        string axis2Label,
        IReadOnlyList<PathView> paths,
        IReadOnlyList<CriticalPoint> criticalPoints,
        IReadOnlyList<ValleyPoint> valley,
        ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(criticalPoints);
        ArgumentNullException.ThrowIfNull(valley);
        var surface = layers[0].Surface;
        string a = surface.Axis1Name, b = surface.Axis2Name, z = layers[0].Title;
        var traces = new List<Trace>();
        foreach (var layer in layers)
        {
            traces.Add(new ContourTrace
            {
                Name = layers.Count == 1 ? "loss contours" : SurfaceStyles.Label(layer.Kind) + " contours",
                X = surface.Axis1.Values.ToArray(),
                Y = surface.Axis2.Values.ToArray(),
                Z = LandscapeFigure.Transposed(layer.Surface),
                ColorScale = SurfaceStyles.ColorScale(layer.Kind),
                ZMin = layer.Kind == SurfaceQuantities.Gap ? -SurfaceStyles.SymmetricRange(layer.Surface) : null,
                ZMax = layer.Kind == SurfaceQuantities.Gap ? SurfaceStyles.SymmetricRange(layer.Surface) : null,
                ColorBar = new ColorBar { Title = new Title(layer.Title), Length = 0.8 },
                ContourCount = Levels,
                Line = new Line { Width = 0.5, Color = "rgba(255,255,255,0.25)" },
                ShowLegend = false,
                HoverTemplate = $"{a} = %{{x:.4f}}<br>{b} = %{{y:.4f}}<br>{layer.Title} = %{{z:.6g}}<extra></extra>",
            });
        }

        double lowA = surface.Axis1[0], highA = surface.Axis1[surface.Axis1.Count - 1];
        double lowB = surface.Axis2[0], highB = surface.Axis2[surface.Axis2.Count - 1];
        traces.AddRange(ValleyTraces(valley, lowB, highB, a, b));
        traces.AddRange(CriticalPointTraces(criticalPoints, surface, a, b, options.CriticalPointColor));
        foreach (var path in paths)
        {
            traces.Add(PathTrace(path, a, b, z));
            traces.Add(StartTrace(path, a, b, z));
            traces.Add(EndTrace(path, a, b, z));
        }

        var layout = DarkTheme.BaseLayout(options.ContourTitle, options.Width, options.Height) with
        {
            XAxis = DarkTheme.PlaneAxis(axis1Label) with { Range = [lowA, highA], ShowGrid = false, ZeroLine = false },
            YAxis = DarkTheme.PlaneAxis(axis2Label) with { Range = [lowB, highB], ShowGrid = false, ZeroLine = false },
            ShowLegend = true,
            Legend = new Legend { X = 0, Y = 1.1, Orientation = "h", BackgroundColor = "rgba(17,17,17,0)" },
            Margin = new Margin { Top = 120 },
            HoverLabel = new HoverLabel { Align = "left" },
        };
        return new Figure(traces, layout);
    }

    /// <summary>Index of the first path trace (after the contour, valley and critical-point traces).</summary>
    public static int FirstPathTrace(Figure figure, int pathCount) => figure.Data.Count - (3 * pathCount);

    /// <summary>A path as a 2-D line with markers; hover shows epoch, step, coordinates and loss.</summary>
    public static ScatterTrace PathTrace(PathView path, string axis1Name, string axis2Name, string zTitle)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new ScatterTrace
        {
            Name = path.DivergedNote is null ? path.Name : $"{path.Name} (diverged)",
            X = path.A,
            Y = path.B,
            Mode = "lines+markers",
            Line = new Line { Color = path.LineColor, Width = path.LineWidth },
            Marker = new Marker { Color = path.MarkerColor, Size = path.MarkerSize + 2 },
            CustomData = path.IsProjected ? ProjectionHover.Data(path, ProjectionHover.KindsOf(path)) : PathData(path),
            LegendGroup = path.Name,
            HoverTemplate = path.IsProjected
                ? ProjectionHover.Template(path.Name, axis1Name, axis2Name, ProjectionHover.KindsOf(path))
                : PathHover(path.Name, axis1Name, axis2Name, zTitle),
        };
    }

    /// <summary>The path's first record, marked as its start.</summary>
    public static ScatterTrace StartTrace(PathView path, string axis1Name, string axis2Name, string zTitle)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Marker(path, 0, "start", "circle", path.StartMarkerColor, axis1Name, axis2Name, zTitle);
    }

    /// <summary>The path's last record, marked as its end (the current record while animating).</summary>
    public static ScatterTrace EndTrace(PathView path, string axis1Name, string axis2Name, string zTitle)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Marker(path, path.A.Count - 1, path.DivergedNote is null ? "end" : "end (diverged)", "diamond", path.EndMarkerColor, axis1Name, axis2Name, zTitle);
    }

    /// <summary>The valley floor as dashed segments that stop where it leaves the grid's second axis.</summary>
    public static IReadOnlyList<ScatterTrace> ValleyTraces(IReadOnlyList<ValleyPoint> valley, double lowB, double highB, string axis1Name, string axis2Name)
    {
        ArgumentNullException.ThrowIfNull(valley);
        var segments = new List<List<ValleyPoint>>();
        List<ValleyPoint>? current = null;
        foreach (var point in valley)
        {
            if (point.B >= lowB && point.B <= highB)
            {
                current ??= [];
                current.Add(point);
            }
            else if (current is not null)
            {
                segments.Add(current);
                current = null;
            }
        }

        if (current is not null)
        {
            segments.Add(current);
        }

        return segments.Where(s => s.Count > 1).Select((segment, k) => new ScatterTrace
        {
            Name = $"valley floor (best {axis2Name} for each {axis1Name})",
            X = segment.Select(p => p.A).ToArray(),
            Y = segment.Select(p => p.B).ToArray(),
            CustomData = segment.Select(p => (object?)p.Loss).ToArray(),
            Mode = "lines",
            Line = new Line { Color = "rgba(255,255,255,0.85)", Width = 2, Dash = "dash" },
            LegendGroup = "valley",
            ShowLegend = k == 0,
            HoverTemplate = $"valley floor<br>{LandscapeFigure.Escape(axis1Name)} = %{{x:.4f}}<br>best {LandscapeFigure.Escape(axis2Name)} = %{{y:.4f}}<br>Loss = %{{customdata:.6g}}<extra></extra>",
        }).ToArray();
    }

    /// <summary>
    /// Marker traces of the critical points, labelled with their kind: one per kind and label side (labels of points
    /// on the grid's edge point inward), the legend entry on the first of each kind.
    /// </summary>
    /// <param name="points">The critical points.</param>
    /// <param name="surface">The surface they lie on (for the label sides).</param>
    /// <param name="axis1Name">Name of the first coordinate.</param>
    /// <param name="axis2Name">Name of the second coordinate.</param>
    /// <param name="color">One colour for every marker, or null for each kind's colour.</param>
    public static IReadOnlyList<ScatterTrace> CriticalPointTraces(IReadOnlyList<CriticalPoint> points, LossSurface surface, string axis1Name, string axis2Name, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(surface);
        var traces = new List<ScatterTrace>();
        var positions = LabelPositions(points, surface);
        foreach (var kind in points.Select((p, i) => (Point: p, Position: positions[i])).GroupBy(p => p.Point.Kind).OrderBy(g => g.Key))
        {
            var style = CriticalPointStyle.Of(kind.Key);
            var first = true;
            foreach (var side in kind.GroupBy(p => p.Position))
            {
                var list = side.Select(p => p.Point).ToArray();
                traces.Add(new ScatterTrace
                {
                    Name = style.Legend,
                    X = list.Select(p => p.A).ToArray(),
                    Y = list.Select(p => p.B).ToArray(),
                    Mode = "markers+text",
                    Text = list.Select(p => p.KindName).ToArray(),
                    TextPosition = side.Key,
                    Marker = new Marker { Color = color ?? style.Color, Size = 14, Symbol = style.Symbol2D, Line = new Line { Color = "#000000", Width = 1.5 } },
                    CustomData = list.Select(p => CriticalPointStyle.HoverData(p)).ToArray(),
                    LegendGroup = "critical-" + style.Legend,
                    ShowLegend = first,
                    ClipOnAxis = false,
                    HoverTemplate = CriticalPointStyle.HoverTemplate(axis1Name, axis2Name),
                });
                first = false;
            }
        }

        return traces;
    }

    /// <summary>
    /// Where each point's label goes (in the order of <paramref name="points"/>): inward from the grid's edge, else above,
    /// or below when it is crowded (<see cref="CrowdedLabels"/>).
    /// </summary>
    public static string[] LabelPositions(IReadOnlyList<CriticalPoint> points, LossSurface surface)
    {
        var crowded = CrowdedLabels(points, surface);
        return points.Select((p, k) => crowded[k] ? "bottom center" : LabelPosition(p, surface)).ToArray();
    }

    /// <summary>
    /// For each point (in order), whether a label above it would run into that of a point to its left less than
    /// <see cref="LabelCrowding"/> of the grid away in both coordinates (close saddles on a wide grid). Points on the
    /// grid's edge, whose labels point inward, are never crowded.
    /// </summary>
    public static bool[] CrowdedLabels(IReadOnlyList<CriticalPoint> points, LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(surface);
        var spanA = surface.Axis1[surface.Axis1.Count - 1] - surface.Axis1[0];
        var spanB = surface.Axis2[surface.Axis2.Count - 1] - surface.Axis2[0];
        var crowded = new bool[points.Count];
        var above = new List<CriticalPoint>();
        foreach (var k in Enumerable.Range(0, points.Count).OrderBy(k => points[k].A))
        {
            var point = points[k];
            if (LabelPosition(point, surface) != "top center")
            {
                continue;
            }

            crowded[k] = above.Any(q => Math.Abs(q.A - point.A) < LabelCrowding * spanA && Math.Abs(q.B - point.B) < LabelCrowding * spanB);
            if (!crowded[k])
            {
                above.Add(point);
            }
        }

        return crowded;
    }

    /// <summary>Where a point's label goes: inward from the grid's edge, else above.</summary>
    private static string LabelPosition(CriticalPoint point, LossSurface surface)
    {
        var tolerance = 1e-9 * (1 + Math.Abs(point.A) + Math.Abs(point.B));
        if (Math.Abs(point.B - surface.Axis2[surface.Axis2.Count - 1]) <= tolerance)
        {
            return "bottom center";
        }

        if (Math.Abs(point.A - surface.Axis1[0]) <= tolerance)
        {
            return "middle right";
        }

        if (Math.Abs(point.A - surface.Axis1[surface.Axis1.Count - 1]) <= tolerance)
        {
            return "middle left";
        }

        return "top center";
    }

    private static ScatterTrace Marker(PathView path, int index, string label, string symbol, string color, string a, string b, string z) => new()
    {
        Name = $"{path.Name} {label}",
        X = [path.A[index]],
        Y = [path.B[index]],
        Mode = "markers",
        ClipOnAxis = false,
        Marker = new Marker { Color = color, Size = 13, Symbol = symbol, Line = new Line { Color = "#000000", Width = 1.5 } },
        CustomData = path.IsProjected
            ? [ProjectionHover.Data(path.Select([index]), ProjectionHover.KindsOf(path))[0]]
            : [new object[] { path.Epochs[index], path.Steps[index], path.Loss[index] }],
        LegendGroup = path.Name,
        ShowLegend = false,
        HoverTemplate = path.IsProjected
            ? ProjectionHover.Template(path.Name, a, b, ProjectionHover.KindsOf(path), label)
            : string.Create(
                CultureInfo.InvariantCulture,
                $"<b>{LandscapeFigure.Escape(path.Name)} {label}</b><br>epoch %{{customdata[0]}} (step %{{customdata[1]}})<br>{LandscapeFigure.Escape(a)} = %{{x:.4f}}<br>{LandscapeFigure.Escape(b)} = %{{y:.4f}}<br>{LandscapeFigure.Escape(z)} = %{{customdata[2]:.6g}}<extra></extra>"),
    };

    private static object?[] PathData(PathView path)
    {
        var custom = new object?[path.A.Count];
        for (var k = 0; k < custom.Length; k++)
        {
            custom[k] = new object[] { path.Epochs[k], path.Steps[k], path.Loss[k] };
        }

        return custom;
    }

    private static string PathHover(string name, string a, string b, string z) => string.Create(
        CultureInfo.InvariantCulture,
        $"<b>{LandscapeFigure.Escape(name)}</b><br>epoch %{{customdata[0]}} (step %{{customdata[1]}})<br>{LandscapeFigure.Escape(a)} = %{{x:.4f}}<br>{LandscapeFigure.Escape(b)} = %{{y:.4f}}<br>{LandscapeFigure.Escape(z)} = %{{customdata[2]:.6g}}<extra></extra>");
}
