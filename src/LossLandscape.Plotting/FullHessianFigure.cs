using System.Globalization;
using LossLandscape.Curvature;

namespace LossLandscape.Plotting;

/// <summary>What the full Hessian's charts draw of a run: the curvature at the analysed records and the training loss.</summary>
/// <param name="Name">The path's name (legend).</param>
/// <param name="Trace">The curvature at the analysed records, with the stability note.</param>
/// <param name="Steps">Optimizer steps of every record (for the loss).</param>
/// <param name="TrainLoss">The training loss at every record.</param>
/// <param name="Color">The path's colour.</param>
public sealed record HessianPathView(string Name, SharpnessTrace Trace, IReadOnlyList<double> Steps, IReadOnlyList<double> TrainLoss, string Color = "#EF553B");

/// <summary>
/// The charts of the full Hessian: its top eigenvalues along the path against the optimizer's stability limit
/// (2/lr for gradient descent) above the training loss; Hutchinson's trace with its standard error; the spectral density.
/// </summary>
public static class FullHessianFigure
{
    /// <summary>Colour of the stability limit.</summary>
    public const string LimitColor = "#FECB52";

    /// <summary>Colour of Adam's preconditioned sharpness λmax(P⁻¹H).</summary>
    public const string PreconditionedColor = "#AB63FA";

    /// <summary>
    /// λ₁ … λₖ against the step with the stability limit dashed (or, where no limit applies to λmax, the note saying
    /// so), and the training loss below on a log axis: the edge of stability reads as λmax rising to the limit and
    /// hovering there while the loss keeps falling, not monotonically.
    /// </summary>
    public static Figure Sharpness(HessianPathView view, int width = 800, int height = 620)
    {
        ArgumentNullException.ThrowIfNull(view);
        var rows = view.Trace.Records;
        var x = rows.Select(r => (double)r.Step).ToArray();
        var k = rows.Select(r => r.Top.Length).DefaultIfEmpty(0).Max();
        var traces = new List<Trace>();
        for (var i = 0; i < k; i++)
        {
            var index = i;
            var color = i == 0 ? view.Color : DarkTheme.Colorway[(i + 2) % DarkTheme.Colorway.Count];
            traces.Add(new ScatterTrace
            {
                Name = i == 0 ? "λmax (full Hessian)" : string.Create(CultureInfo.InvariantCulture, $"λ{i + 1}"),
                X = x,
                Y = rows.Select(r => index < r.Top.Length ? r.Top[index] : double.NaN).ToArray(),
                Mode = rows.Count > 200 ? "lines" : "lines+markers",
                Line = new Line { Color = color, Width = i == 0 ? 2 : 1.5 },
                Marker = new Marker { Color = color, Size = 4 },
                HoverTemplate = string.Create(CultureInfo.InvariantCulture, $"step %{{x}}<br>λ{(i == 0 ? "max" : (i + 1).ToString(CultureInfo.InvariantCulture))} = %{{y:.6g}}<extra></extra>"),
            });
        }

        var preconditioned = rows.Any(r => r.PreconditionedSharpness is not null);
        if (preconditioned)
        {
            traces.Add(new ScatterTrace
            {
                Name = "λmax(P⁻¹H), preconditioned",
                X = x,
                Y = rows.Select(r => r.PreconditionedSharpness ?? double.NaN).ToArray(),
                Mode = rows.Count > 200 ? "lines" : "lines+markers",
                // Not the orange-red of λmax nor the limit's yellow: the series the limit bounds must read apart from λmax.
                Line = new Line { Color = PreconditionedColor, Width = 2 },
                Marker = new Marker { Color = PreconditionedColor, Size = 4 },
                HoverTemplate = "step %{x}<br>λmax(P⁻¹H) = %{y:.6g}<extra></extra>",
            });
        }

        // Adam's limit bounds the preconditioned sharpness; plain and momentum methods' bound λmax.
        var limits = rows.Select(r => r.StabilityLimit ?? r.PreconditionedLimit ?? double.NaN).ToArray();
        var hasLimit = limits.Any(double.IsFinite);
        if (hasLimit)
        {
            traces.Add(new ScatterTrace
            {
                Name = "stability limit " + LimitName(view.Trace.StabilityNote),
                X = x,
                Y = limits,
                Mode = "lines",
                Line = new Line { Color = LimitColor, Width = 2, Dash = "dash" },
                HoverTemplate = "step %{x}<br>limit = %{y:.6g}<extra></extra>",
            });
        }

        traces.Add(new ScatterTrace
        {
            Name = "training loss",
            X = view.Steps,
            Y = view.TrainLoss,
            Mode = "lines",
            Line = new Line { Color = "#00CC96", Width = 1.5 },
            XAxis = "x2",
            YAxis = "y2",
            HoverTemplate = "step %{x}<br>training loss = %{y:.6g}<extra></extra>",
        });
        var positiveLoss = view.TrainLoss.Where(double.IsFinite).All(v => v > 0);
        var title = preconditioned
            ? "Full Hessian: λmax, and λmax(P⁻¹H) against Adam's limit"
            : "Full Hessian along the path: top eigenvalues against the stability limit";
        var layout = DarkTheme.BaseLayout(title, width, height) with
        {
            XAxis = DarkTheme.PlaneAxis(string.Empty) with { Anchor = "y", Domain = [0, 1], Matches = "x2" },
            YAxis = DarkTheme.PlaneAxis("eigenvalue") with { Domain = [0.42, 1], Anchor = "x" },
            XAxis2 = DarkTheme.PlaneAxis("step") with { Anchor = "y2", Domain = [0, 1] },
            YAxis2 = DarkTheme.PlaneAxis("training loss") with { Domain = [0, 0.32], Anchor = "x2", Type = positiveLoss ? "log" : null },
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 0, Y = -0.14 },
            Margin = new Margin { Top = 60, Bottom = 110 },
            Annotations = hasLimit
                ? [Note(view.Trace.StabilityNote)]
                : [Note(view.Trace.StabilityNote + " — no limit line is drawn")],
        };
        return new Figure(traces, layout);
    }

    /// <summary>Hutchinson's trace along the path with a band of ± one standard error; null when the trace was not computed.</summary>
    public static Figure? Trace(HessianPathView view, int width = 800, int height = 380)
    {
        ArgumentNullException.ThrowIfNull(view);
        var rows = view.Trace.Records.Where(r => r.Trace is not null).ToArray();
        if (rows.Length == 0)
        {
            return null;
        }

        var x = rows.Select(r => (double)r.Step).ToArray();
        var value = rows.Select(r => r.Trace!.Value).ToArray();
        var error = rows.Select(r => r.Trace!.StandardError ?? 0).ToArray();
        var probes = rows[0].Trace!.Probes;
        Trace[] traces =
        [
            new ScatterTrace { Name = "trace + 1 s.e.", X = x, Y = value.Zip(error, (v, e) => v + e).ToArray(), Mode = "lines", Line = new Line { Color = "rgba(171,99,250,0.4)", Width = 1, Dash = "dot" }, ShowLegend = false, HoverTemplate = "step %{x}<br>trace + s.e. = %{y:.6g}<extra></extra>" },
            new ScatterTrace { Name = "trace − 1 s.e.", X = x, Y = value.Zip(error, (v, e) => v - e).ToArray(), Mode = "lines", Line = new Line { Color = "rgba(171,99,250,0.4)", Width = 1, Dash = "dot" }, ShowLegend = false, HoverTemplate = "step %{x}<br>trace − s.e. = %{y:.6g}<extra></extra>" },
            new ScatterTrace { Name = string.Create(CultureInfo.InvariantCulture, $"trace (Hutchinson, {probes} probes)"), X = x, Y = value, Mode = rows.Length > 200 ? "lines" : "lines+markers", Line = new Line { Color = "#AB63FA", Width = 2 }, Marker = new Marker { Color = "#AB63FA", Size = 4 }, HoverTemplate = "step %{x}<br>trace = %{y:.6g}<extra></extra>" },
        ];
        var layout = DarkTheme.BaseLayout("Trace of the full Hessian along the path (dotted: ± one standard error)", width, height) with
        {
            XAxis = DarkTheme.PlaneAxis("step"),
            YAxis = DarkTheme.PlaneAxis("trace"),
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 0, Y = -0.25 },
        };
        return new Figure(traces, layout);
    }

    /// <summary>
    /// The spectral density at the final record (log scale: the bulk near 0 and the few outliers both show), with the
    /// top eigenvalues marked and, when known, every exact eigenvalue as a rug.
    /// </summary>
    public static Figure Density(SpectralDensity density, IReadOnlyList<double> top, IReadOnlyList<double>? exactSpectrum, string subtitle, int width = 800, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(density);
        ArgumentNullException.ThrowIfNull(top);
        var floor = density.Density.Where(d => d > 0).DefaultIfEmpty(1).Max() * 1e-8;
        var traces = new List<Trace>
        {
            new ScatterTrace
            {
                Name = string.Create(CultureInfo.InvariantCulture, $"density ({density.Probes} probes × {density.Steps} Lanczos steps, σ = {density.Sigma:G3})"),
                X = density.Grid,
                Y = density.Density.Select(d => d > floor ? d : double.NaN).ToArray(),
                Mode = "lines",
                Line = new Line { Color = "#19D3F3", Width = 2 },
                HoverTemplate = "λ = %{x:.5g}<br>density = %{y:.4g}<extra></extra>",
            },
            new ScatterTrace
            {
                Name = "top eigenvalues (Lanczos)",
                X = top,
                Y = top.Select(_ => floor * 10).ToArray(),
                Mode = "markers",
                Marker = new Marker { Color = "#EF553B", Size = 9, Symbol = "triangle-up" },
                HoverTemplate = "λ = %{x:.8g}<extra></extra>",
            },
        };
        if (exactSpectrum is not null)
        {
            traces.Add(new ScatterTrace
            {
                Name = "every eigenvalue (dense, exact)",
                X = exactSpectrum,
                Y = exactSpectrum.Select(_ => floor * 3).ToArray(),
                Mode = "markers",
                Marker = new Marker { Color = "rgba(255,255,255,0.5)", Size = 5, Symbol = "line-ns-open" },
                HoverTemplate = "λ = %{x:.8g}<extra></extra>",
            });
        }

        var layout = DarkTheme.BaseLayout("Spectral density of the full Hessian at the final record", width, height) with
        {
            XAxis = DarkTheme.PlaneAxis("eigenvalue λ"),
            YAxis = DarkTheme.PlaneAxis("density") with { Type = "log" },
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 0, Y = -0.3 },
            Margin = new Margin { Top = 60, Bottom = 120 },
            Annotations = [Note(subtitle)],
        };
        return new Figure(traces, layout);
    }

    internal static string LimitName(string note) =>
        note.StartsWith("gradient descent", StringComparison.Ordinal) ? "2/lr"
        : note.Contains("Nesterov", StringComparison.Ordinal) ? "(2 + 2β)/((1 + 2β)·lr)"
        : note.Contains("Adam", StringComparison.Ordinal) ? "of λmax(P⁻¹H): (2 + 2β₁)/((1 − β₁)·lr)"
        : "(2 + 2β)/lr";

    internal static Annotation Note(string text) => new()
    {
        Text = text,
        X = 0,
        Y = 1.0,
        XAnchor = "left",
        YAnchor = "bottom",
        Font = new Font { Size = 11, Color = "#b8c2d0" },
    };
}
