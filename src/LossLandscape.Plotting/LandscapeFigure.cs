using System.Globalization;
using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>Options of the 3-D surface figure. The defaults are the seed article's.</summary>
public sealed record SurfaceFigureOptions
{
    /// <summary>Figure title.</summary>
    public string Title { get; init; } = "Loss Surface";

    /// <summary>Width in pixels.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Height in pixels.</summary>
    public int Height { get; init; } = 800;

    /// <summary>Title of the z axis.</summary>
    public string ZTitle { get; init; } = "Loss";

    /// <summary>Show legend entries for the paths.</summary>
    public bool ShowLegend { get; init; }
}

/// <summary>Builds the 3-D figure: the loss surface and the paths drawn on it.</summary>
public static class LandscapeFigure
{
    /// <summary>
    /// The surface with x = the plane's first coordinate and y = the second. Plotly draws z's rows along y, so z is
    /// the surface transposed: <c>z[j][i] = surface[i, j]</c>. Every axis is titled with the coordinate it shows.
    /// </summary>
    public static Figure Build(LossSurface surface, IReadOnlyList<PathView> paths, SurfaceFigureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new SurfaceFigureOptions();
        var a = surface.Axis1Name;
        var b = surface.Axis2Name;
        var traces = new List<Trace> { Sheet(surface, SurfaceQuantities.Test, options.ZTitle, "loss surface") };
        foreach (var path in paths)
        {
            traces.Add(PathTrace(path, a, b, options.ZTitle));
        }

        return new Figure(traces, SceneLayout(options, LandscapeFigure.Escape(a), LandscapeFigure.Escape(b)));
    }

    /// <summary>The surface trace of one drawn surface (already on its scale), coloured as its kind is.</summary>
    internal static SurfaceTrace Sheet(LossSurface drawn, SurfaceQuantities kind, string zTitle, string name) => new()
    {
        Name = name,
        X = drawn.Axis1.Values.ToArray(),
        Y = drawn.Axis2.Values.ToArray(),
        Z = Transposed(drawn),
        ColorScale = SurfaceStyles.ColorScale(kind),
        ColorMid = kind == SurfaceQuantities.Gap ? 0 : null,
        ColorBar = new ColorBar { Title = new Title(zTitle), Length = 0.6 },
        ShowLegend = false,
        HoverTemplate = $"{drawn.Axis1Name} = %{{x:.4f}}<br>{drawn.Axis2Name} = %{{y:.4f}}<br>{zTitle} = %{{z:.6g}}<extra></extra>",
    };

    /// <summary>The dark 3-D layout with the axes titled as given (escaped already).</summary>
    internal static Layout SceneLayout(SurfaceFigureOptions options, string axis1Label, string axis2Label) =>
        DarkTheme.BaseLayout(options.Title, options.Width, options.Height) with
        {
            Scene = new Scene
            {
                XAxis = DarkTheme.SceneAxis(axis1Label, showGrid: false),
                YAxis = DarkTheme.SceneAxis(axis2Label, showGrid: false),
                ZAxis = DarkTheme.SceneAxis(options.ZTitle, showGrid: false),
                AspectMode = "manual",
                AspectRatio = new AspectRatio(1, 1, 0.5),
            },
            ShowLegend = options.ShowLegend,
            Legend = options.ShowLegend ? new Legend { X = 0.01, Y = 0.99, BackgroundColor = "rgba(17,17,17,0.6)" } : null,
        };

    /// <summary>A path as a 3-D line with markers; hover shows the epoch, step, coordinates and loss.</summary>
    public static Scatter3dTrace PathTrace(PathView path, string axis1Name, string axis2Name, string zTitle)
    {
        ArgumentNullException.ThrowIfNull(path);
        var custom = new object?[path.A.Count];
        for (var k = 0; k < custom.Length; k++)
        {
            custom[k] = new object[] { path.Epochs[k], path.Steps[k] };
        }

        return new Scatter3dTrace
        {
            Name = path.DivergedNote is null ? path.Name : $"{path.Name} (diverged)",
            X = path.A,
            Y = path.B,
            Z = path.Loss,
            Mode = "lines+markers",
            Line = new Line { Color = path.LineColor, Width = path.LineWidth },
            Marker = new Marker { Color = path.MarkerColor, Size = path.MarkerSize },
            CustomData = custom,
            LegendGroup = path.Name,
            HoverTemplate = string.Create(
                CultureInfo.InvariantCulture,
                $"<b>{Escape(path.Name)}</b><br>epoch %{{customdata[0]}} (step %{{customdata[1]}})<br>{Escape(axis1Name)} = %{{x:.4f}}<br>{Escape(axis2Name)} = %{{y:.4f}}<br>{Escape(zTitle)} = %{{z:.6g}}<extra></extra>"),
        };
    }

    /// <summary>z for plotly: one row per second-coordinate value.</summary>
    public static double[][] Transposed(LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var z = new double[surface.Axis2.Count][];
        for (var j = 0; j < z.Length; j++)
        {
            var row = new double[surface.Axis1.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = surface[i, j];
            }

            z[j] = row;
        }

        return z;
    }

    /// <summary>Escapes text that plotly renders as HTML in hover labels and legends (<see cref="PlotlyText.Escape"/>).</summary>
    public static string Escape(string text) => PlotlyText.Escape(text);
}
