namespace LossLandscape.Plotting;

/// <summary>
/// line.html: the 1-D view of a <c>line</c> plane. α on x, the test and training loss along the line, the records'
/// projections α marked on the curves (hover gives each record's true losses and distance to the line), and the
/// endpoints α = 0 and α = 1 labelled with what they are.
/// </summary>
public static class LineFigure
{
    /// <summary>Colour of the test-loss curve.</summary>
    public const string TestColor = "#FFA15A";

    /// <summary>Colour of the training-loss curve.</summary>
    public const string TrainColor = "#19d3f3";

    /// <summary>Builds the figure; <see cref="ViewOptions.LogLoss"/> puts the loss on a log axis when every loss is positive.</summary>
    public static Figure Build(LineView line, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(options);
        if (line.Alpha.Count < 2 || line.TestLoss.Count != line.Alpha.Count || (line.TrainLoss is { } t && t.Count != line.Alpha.Count))
        {
            throw new ArgumentException("the line needs at least two α and one test (and training) loss per α", nameof(line));
        }

        var traces = new List<Trace>();
        var curves = new List<(string Name, IReadOnlyList<double> Loss, string Color, bool Test)>();
        if (line.TrainLoss is not null)
        {
            curves.Add(("training loss", line.TrainLoss, TrainColor, false));
        }

        curves.Add(("test loss", line.TestLoss, TestColor, true));
        foreach (var curve in curves)
        {
            traces.Add(new ScatterTrace
            {
                Name = curve.Name,
                X = line.Alpha,
                Y = curve.Loss,
                Mode = "lines",
                Line = new Line { Color = curve.Color, Width = 2.5 },
                LegendGroup = curve.Name,
                HoverTemplate = $"α = %{{x:.3f}}<br>{curve.Name} = %{{y:.6g}}<extra></extra>",
            });
        }

        var from = LandscapeFigure.Escape(line.FromLabel);
        var to = LandscapeFigure.Escape(line.ToLabel);
        if (line.Records is { } records)
        {
            foreach (var curve in curves)
            {
                traces.Add(RecordTrace(line, records, curve.Name, curve.Loss, curve.Color, curve.Test));
            }
        }

        var test = curves[^1];
        traces.Add(new ScatterTrace
        {
            Name = "endpoints",
            X = [0.0, 1.0],
            Y = [At(line.Alpha, test.Loss, 0), At(line.Alpha, test.Loss, 1)],
            Mode = "markers",
            Marker = new Marker { Color = "#ffffff", Size = 11, Symbol = "diamond", Line = new Line { Color = "#000000", Width = 1.5 } },
            Text = [from, to],
            ShowLegend = false,
            HoverTemplate = "<b>%{text}</b><br>α = %{x}<br>test loss = %{y:.6g}<extra></extra>",
        });

        var all = curves.SelectMany(c => c.Loss).Where(double.IsFinite).ToArray();
        var log = options.LogLoss && all.Length > 0 && all.Min() > 0;
        var layout = DarkTheme.BaseLayout($"Loss along the line from {from} to {to}", options.Width, Math.Min(options.Height, 560)) with
        {
            XAxis = DarkTheme.PlaneAxis("α  (θ = (1 − α)·θ<sub>from</sub> + α·θ<sub>to</sub>)") with { ZeroLine = false },
            YAxis = DarkTheme.PlaneAxis(log ? "loss (log scale)" : "loss") with { Type = log ? "log" : null },
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 0, Y = 1.02, YAnchor = "bottom", BackgroundColor = "rgba(17,17,17,0)" },
            Margin = new Margin { Top = 90 },
            Annotations =
            [
                EndLabel(0, At(line.Alpha, test.Loss, 0), $"α = 0: {from}", log),
                EndLabel(1, At(line.Alpha, test.Loss, 1), $"α = 1: {to}", log),
            ],
        };
        return new Figure(traces, layout);
    }

    /// <summary>The loss at <paramref name="alpha"/> interpolated linearly between the curve's points (NaN outside them).</summary>
    public static double At(IReadOnlyList<double> alphas, IReadOnlyList<double> loss, double alpha)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        ArgumentNullException.ThrowIfNull(loss);
        if (alphas.Count == 0 || alpha < alphas[0] || alpha > alphas[^1])
        {
            return double.NaN;
        }

        var hi = 1;
        while (hi < alphas.Count - 1 && alphas[hi] < alpha)
        {
            hi++;
        }

        var lo = hi - 1;
        var span = alphas[hi] - alphas[lo];
        var w = span > 0 ? Math.Clamp((alpha - alphas[lo]) / span, 0, 1) : 0;
        return ((1 - w) * loss[lo]) + (w * loss[hi]);
    }

    /// <summary>
    /// The records on one curve: each at its α and the curve's loss there (so the marks sit on the line they are
    /// projected onto); hover gives when it was taken, its distance to the line and its true losses.
    /// </summary>
    private static ScatterTrace RecordTrace(LineView line, LineRecords records, string curveName, IReadOnlyList<double> curve, string color, bool test)
    {
        var n = records.Alpha.Count;
        var custom = new object?[n];
        for (var k = 0; k < n; k++)
        {
            custom[k] = new object[]
            {
                records.Epochs[k],
                records.Steps[k],
                records.Distance is { } d ? d[k] : double.NaN,
                records.TestLoss[k],
                records.TrainLoss is { } tr ? tr[k] : double.NaN,
            };
        }

        var distance = records.Distance is null ? string.Empty : "<br>distance to the line = %{customdata[2]:.4g}";
        var train = records.TrainLoss is null ? string.Empty : "<br>true training loss = %{customdata[4]:.6g}";
        return new ScatterTrace
        {
            Name = $"records on the {curveName}",
            X = records.Alpha,
            Y = records.Alpha.Select(a => At(line.Alpha, curve, a)).ToArray(),
            Mode = "markers",
            Marker = new Marker { Color = color, Size = 7, Symbol = test ? "circle" : "circle-open", Line = new Line { Color = "#000000", Width = 1 } },
            CustomData = custom,
            LegendGroup = "records",
            ShowLegend = test,
            HoverTemplate = $"<b>{LandscapeFigure.Escape(line.PathName)}</b><br>epoch %{{customdata[0]}} (step %{{customdata[1]}})<br>α = %{{x:.4f}}{distance}<br>{curveName} on the line = %{{y:.6g}}<br>true test loss = %{{customdata[3]:.6g}}{train}<extra></extra>",
        };
    }

    private static Annotation EndLabel(double alpha, double loss, string text, bool log) => new()
    {
        Text = text,
        X = alpha,
        Y = log ? Math.Log10(loss) : loss,
        XRef = "x",
        YRef = "y",
        ShowArrow = true,
        ArrowX = alpha < 0.5 ? 30 : -30,
        ArrowY = -55,
        ArrowColor = DarkTheme.Text,
        BackgroundColor = "rgba(17,17,17,0.85)",
        Font = new Font { Color = DarkTheme.Text, Size = 12 },
    };
}
