using System.Globalization;

namespace LossLandscape.Plotting;

/// <summary>
/// The race's full-Hessian chart: every run's λmax along its path in its race colour, with its own stability
/// limit dashed in the same colour; for Adam the preconditioned sharpness λmax(P⁻¹H) dotted against its limit.
/// </summary>
public static class RaceHessianFigure
{
    /// <summary>The chart's title.</summary>
    public const string Title = "Full Hessian along each path: λmax against each run's stability limit";

    /// <summary>One legend entry per run (its λmax); the run's limit and preconditioned sharpness share its entry.</summary>
    public static Figure Build(IReadOnlyList<HessianPathView> runs, int width = 900, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var traces = new List<Trace>();
        var plotted = new List<double>();
        foreach (var run in runs)
        {
            var rows = run.Trace.Records;
            var x = rows.Select(r => (double)r.Step).ToArray();
            var mode = rows.Count > 200 ? "lines" : "lines+markers";
            var sharpness = rows.Select(r => r.Sharpness).ToArray();
            plotted.AddRange(sharpness);
            var limitName = FullHessianFigure.LimitName(run.Trace.StabilityNote);
            var hasLimit = rows.Any(r => (r.StabilityLimit is { } l && double.IsFinite(l)) || r.PreconditionedLimit is { } p && double.IsFinite(p));
            traces.Add(new ScatterTrace
            {
                Name = hasLimit ? $"{run.Name} (limit {limitName})" : $"{run.Name} (no limit on λmax)",
                LegendGroup = run.Name,
                X = x,
                Y = sharpness,
                Mode = mode,
                Line = new Line { Color = run.Color, Width = 2 },
                Marker = new Marker { Color = run.Color, Size = 4 },
                HoverTemplate = $"<b>{LandscapeFigure.Escape(run.Name)}</b><br>step %{{x}}<br>λmax = %{{y:.6g}}<extra></extra>",
            });
            if (rows.Any(r => r.PreconditionedSharpness is not null))
            {
                var preconditioned = rows.Select(r => r.PreconditionedSharpness ?? double.NaN).ToArray();
                plotted.AddRange(preconditioned);
                traces.Add(Secondary(run, x, preconditioned, "dot", "λmax(P⁻¹H)"));
            }

            // Adam's limit bounds the preconditioned sharpness; plain and momentum methods' bound λmax.
            if (hasLimit)
            {
                var limits = rows.Select(r => r.StabilityLimit ?? r.PreconditionedLimit ?? double.NaN).ToArray();
                plotted.AddRange(limits);
                traces.Add(Secondary(run, x, limits, "dash", "limit " + limitName));
            }
        }

        var finite = plotted.Where(double.IsFinite).ToArray();
        var log = finite.Length > 0 && finite.All(v => v > 0);
        var layout = DarkTheme.BaseLayout(Title, width, height) with
        {
            XAxis = DarkTheme.PlaneAxis("step"),
            YAxis = DarkTheme.PlaneAxis(log ? "eigenvalue (log scale)" : "eigenvalue") with { Type = log ? "log" : null },
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 0, Y = -0.18 },
            Margin = new Margin { Top = 70, Bottom = 120 },
            Annotations = [FullHessianFigure.Note("solid: λmax of the full Hessian; dashed: the run's stability limit; dotted: Adam's preconditioned sharpness λmax(P⁻¹H), which its limit bounds")],
        };
        return new Figure(traces, layout);
    }

    private static ScatterTrace Secondary(HessianPathView run, double[] x, double[] y, string dash, string what) => new()
    {
        Name = $"{run.Name}: {what}",
        LegendGroup = run.Name,
        ShowLegend = false,
        X = x,
        Y = y,
        Mode = "lines",
        Line = new Line { Color = run.Color, Width = 1.5, Dash = dash },
        HoverTemplate = string.Create(CultureInfo.InvariantCulture, $"<b>{LandscapeFigure.Escape(run.Name)}</b><br>step %{{x}}<br>{what} = %{{y:.6g}}<extra></extra>"),
    };
}
