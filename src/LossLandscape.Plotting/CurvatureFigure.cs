using LossLandscape.Analysis;
using LossLandscape.Curvature;

namespace LossLandscape.Plotting;

/// <summary>A trajectory's curvature as drawn: its records' curvature and the line colour.</summary>
/// <param name="Name">Legend name.</param>
/// <param name="Points">One entry per record.</param>
/// <param name="Color">Line colour.</param>
/// <param name="Threshold">
/// The run's optimizer's stability limit (<see cref="StabilityThreshold.For"/>); null for plain gradient descent's 2/lr.
/// A limit on the preconditioned sharpness (Adam's) or no limit at all is not drawn against λmax: the chart says so.
/// </param>
public sealed record CurvatureSeries(string Name, IReadOnlyList<CurvaturePoint> Points, string Color, StabilityThreshold? Threshold = null);

/// <summary>
/// The 2-D chart of the curvature along trajectories: on top the sharpness λmax against the optimizer's stability limit
/// (2/lr for plain gradient descent, (2 + 2β)/lr with heavy-ball momentum), below the gradient norm; both per epoch (per
/// step for runs recorded every step). Where no limit on λmax applies (Adam's bounds the preconditioned sharpness), no
/// line is drawn and a note says why.
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
        var limitNames = new List<string>();
        var notes = new List<string>();
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
                CustomData = s.Points.Select(p => (object?)new object[] { p.Eigenvalue1, p.Eigenvalue2, p.Unstable ? "above 2/lr: unstable for plain GD" : "below 2/lr: stable for plain GD" }).ToArray(),
                HoverTemplate = $"<b>{LandscapeFigure.Escape(s.Name)}</b><br>{xTitle} %{{x}}<br>λmax = %{{y:.5g}}<br>Hessian eigenvalues %{{customdata[0]:.4g}}, %{{customdata[1]:.4g}}<br>%{{customdata[2]}}<extra></extra>",
                LegendGroup = s.Name,
            });
            if (s.Threshold is null or { Factor: not null, Preconditioned: false })
            {
                var limitName = s.Threshold is null ? "2/lr" : FullHessianFigure.LimitName(s.Threshold.Note);
                var first = !limitNames.Contains(limitName);
                traces.Add(new ScatterTrace
                {
                    Name = first ? $"stability limit {limitName}" : $"{s.Name}: {limitName}",
                    X = x,
                    Y = s.Points.Select(p => (s.Threshold?.Factor ?? 2) / p.LearningRate).ToArray(),
                    Mode = "lines",
                    Line = new Line { Color = "#FECB52", Width = 2, Dash = "dash" },
                    ShowLegend = first,
                    HoverTemplate = $"{xTitle} %{{x}}<br>{LandscapeFigure.Escape(limitName)} = %{{y:.5g}}<extra></extra>",
                    LegendGroup = "limit " + limitName,
                });
                limitNames.Add(limitName);
            }
            else
            {
                // The note's claim, before its explanation: "2/lr does not apply to Adam".
                notes.Add($"{s.Name}: {s.Threshold!.Note.Split(':')[0]} — no limit line is drawn");
            }

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

        // A log axis only over two decades or more: below that plotly labels 20 as a bare "2".
        var values = traces.OfType<ScatterTrace>().Where(t => t.YAxis is null).SelectMany(t => t.Y).Where(double.IsFinite).ToArray();
        var logScale = values.Length > 0 && values.Min() > 0 && values.Max() >= 100 * values.Min();
        var against = limitNames.Count == 0 ? "sharpness λmax" : $"sharpness λmax against {string.Join(", ", limitNames.Distinct())}";
        var layout = DarkTheme.BaseLayout($"Curvature along the path: {against}, and the gradient norm", width, height) with
        {
            XAxis = DarkTheme.PlaneAxis(string.Empty) with { Anchor = "y", Domain = [0, 1] },
            YAxis = DarkTheme.PlaneAxis(limitNames.Count == 0 ? "λmax" : "λmax and limit") with { Domain = [0.45, 1], Anchor = "x", Type = logScale ? "log" : null, DTick = logScale ? 1 : null },
            XAxis2 = DarkTheme.PlaneAxis(xTitle) with { Anchor = "y2", Domain = [0, 1] },
            YAxis2 = DarkTheme.PlaneAxis("|gradient|") with { Domain = [0, 0.33], Anchor = "x2" },
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 0, Y = -0.2 },
            Margin = new Margin { Top = 80, Bottom = 130 },
            Annotations = notes.Count == 0 ? null : [FullHessianFigure.Note(string.Join("; ", notes))],
        };
        return new Figure(traces, layout);
    }
}
