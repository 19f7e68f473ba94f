using LossLandscape.Analysis;

namespace LossLandscape.Plotting;

/// <summary>A trajectory's curvature as drawn: its records' curvature and the line colour.</summary>
/// <param name="Name">Legend name.</param>
/// <param name="Points">One entry per record.</param>
/// <param name="Color">Line colour.</param>
public sealed record CurvatureSeries(string Name, IReadOnlyList<CurvaturePoint> Points, string Color);

/// <summary>
/// The 2-D chart of the curvature along trajectories: on top the sharpness λmax against the stability limit 2/lr
/// (plain gradient descent is unstable above it), below the gradient norm; both per epoch (per step for runs
/// recorded every step).
/// </summary>
public static class CurvatureFigure
{
    /// <summary>Builds the chart; an empty list gives a chart with no lines.</summary>
    public static Figure Build(IReadOnlyList<CurvatureSeries> series, int width = 800, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(series);
        var byStep = series.Any(s => s.Points.Select(p => p.Epoch).Distinct().Count() < s.Points.Count);
        var xTitle = byStep ? "step" : "epoch";
        var traces = new List<Trace>();
        var limitShown = false;
        foreach (var s in series)
        {
            var x = s.Points.Select(p => (double)(byStep ? p.Step : p.Epoch)).ToArray();
            traces.Add(new ScatterTrace
            {
                Name = $"{s.Name}: sharpness λmax",
                X = x,
                Y = s.Points.Select(p => p.Sharpness).ToArray(),
                Mode = "lines+markers",
                Line = new Line { Color = s.Color, Width = 2 },
                Marker = new Marker { Color = s.Color, Size = 5 },
                CustomData = s.Points.Select(p => (object?)new object[] { p.Eigenvalue1, p.Eigenvalue2, p.Unstable ? "unstable for plain GD" : "stable for plain GD" }).ToArray(),
                HoverTemplate = $"<b>{LandscapeFigure.Escape(s.Name)}</b><br>{xTitle} %{{x}}<br>λmax = %{{y:.5g}}<br>Hessian eigenvalues %{{customdata[0]:.4g}}, %{{customdata[1]:.4g}}<br>%{{customdata[2]}}<extra></extra>",
                LegendGroup = s.Name,
            });
            traces.Add(new ScatterTrace
            {
                Name = limitShown ? $"{s.Name}: 2/lr" : "stability limit 2/lr",
                X = x,
                Y = s.Points.Select(p => p.StabilityLimit).ToArray(),
                Mode = "lines",
                Line = new Line { Color = "#FECB52", Width = 2, Dash = "dash" },
                ShowLegend = !limitShown,
                HoverTemplate = $"{xTitle} %{{x}}<br>2/lr = %{{y:.5g}}<extra></extra>",
                LegendGroup = "limit",
            });
            limitShown = true;
            traces.Add(new ScatterTrace
            {
                Name = $"{s.Name}: |gradient|",
                X = x,
                Y = s.Points.Select(p => p.GradientNorm).ToArray(),
                Mode = "lines+markers",
                Line = new Line { Color = s.Color, Width = 2, Dash = "dot" },
                Marker = new Marker { Color = s.Color, Size = 5 },
                XAxis = "x2",
                YAxis = "y2",
                HoverTemplate = $"<b>{LandscapeFigure.Escape(s.Name)}</b><br>{xTitle} %{{x}}<br>|gradient| = %{{y:.4g}}<extra></extra>",
                LegendGroup = s.Name,
            });
        }

        var positive = series.SelectMany(s => s.Points).All(p => p.Sharpness > 0);
        var layout = DarkTheme.BaseLayout("Curvature along the path: sharpness λmax against 2/lr, and the gradient norm", width, height) with
        {
            XAxis = DarkTheme.PlaneAxis(string.Empty) with { Anchor = "y", Domain = [0, 1] },
            YAxis = DarkTheme.PlaneAxis("λmax and 2/lr") with { Domain = [0.45, 1], Anchor = "x", Type = positive ? "log" : null },
            XAxis2 = DarkTheme.PlaneAxis(xTitle) with { Anchor = "y2", Domain = [0, 1] },
            YAxis2 = DarkTheme.PlaneAxis("|gradient|") with { Domain = [0, 0.33], Anchor = "x2" },
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 0, Y = -0.12 },
        };
        return new Figure(traces, layout);
    }
}
