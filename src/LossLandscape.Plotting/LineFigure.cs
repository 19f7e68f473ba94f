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

    /// <summary>Colour of the test-loss curve of a race (the contestants' marks carry the colours).</summary>
    public const string RaceTestColor = "#e8e8e8";

    /// <summary>Colour of the (dashed) training-loss curve of a race.</summary>
    public const string RaceTrainColor = "#8c8c8c";

    /// <summary>Builds the figure; <see cref="ViewOptions.LogLoss"/> puts the loss on a log axis when every loss is positive.</summary>
    public static Figure Build(LineView line, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Build(line, line.Records is { } records ? [new LineRun(line.PathName, null, records)] : [], options);
    }

    /// <summary>
    /// The figure of a race along one line: the losses along it, and every contestant's records projected onto it in
    /// the contestant's colour (filled on the test loss, open on the training loss), one legend entry per contestant
    /// that hides or shows its marks. <see cref="LineView.Records"/> is not drawn.
    /// </summary>
    /// <param name="line">The line's losses and endpoint labels.</param>
    /// <param name="runs">The contestants in order, each with its colour.</param>
    /// <param name="options">Size and loss scale.</param>
    public static Figure BuildRace(LineView line, IReadOnlyList<LineRun> runs, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Any(r => r.Color is null))
        {
            throw new ArgumentException("every contestant of a race needs its colour", nameof(runs));
        }

        return Build(line, runs, options);
    }

    private static Figure Build(LineView line, IReadOnlyList<LineRun> runs, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(options);
        if (line.Alpha.Count < 2 || line.TestLoss.Count != line.Alpha.Count || (line.TrainLoss is { } t && t.Count != line.Alpha.Count))
        {
            throw new ArgumentException("the line needs at least two α and one test (and training) loss per α", nameof(line));
        }

        // In a race the contestants' marks carry the colours, so the curves are neutral: light for test, grey dashed for training.
        var race = runs.Any(r => r.Color is not null);
        var traces = new List<Trace>();
        var curves = new List<(string Name, IReadOnlyList<double> Loss, string Color, bool Test)>();
        if (line.TrainLoss is not null)
        {
            curves.Add(("training loss", line.TrainLoss, race ? RaceTrainColor : TrainColor, false));
        }

        curves.Add(("test loss", line.TestLoss, race ? RaceTestColor : TestColor, true));
        foreach (var curve in curves)
        {
            traces.Add(new ScatterTrace
            {
                Name = curve.Name,
                X = line.Alpha,
                Y = curve.Loss,
                Mode = "lines",
                Line = new Line { Color = curve.Color, Width = 2.5, Dash = race && !curve.Test ? "dash" : null },
                LegendGroup = curve.Name,
                HoverTemplate = $"α = %{{x:.3f}}<br>{curve.Name} = %{{y:.6g}}<extra></extra>",
            });
        }

        var from = LandscapeFigure.Escape(line.FromLabel);
        var to = LandscapeFigure.Escape(line.ToLabel);
        foreach (var run in runs)
        {
            foreach (var curve in curves)
            {
                traces.Add(RecordTrace(line, run, curve.Name, curve.Loss, curve.Color, curve.Test));
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
            XAxis = DarkTheme.PlaneAxis("α  (θ = (1 − α)·θ(0) + α·θ(1))") with { ZeroLine = false },
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
        if (!race)
        {
            return new Figure(traces, layout);
        }

        // A race's legend can take several rows: the plot moves down to make room, and the title stays on top.
        var names = traces.Where(t => t.ShowLegend != false && t.Name is not null).Select(t => t.Name!).ToArray();
        var rows = CompareFigure.LegendRows(names, options.Width - 120);
        var height = layout.Height ?? 560;
        return new Figure(traces, layout with
        {
            Height = height + (20 * (rows - 1)),
            Margin = new Margin { Top = 90 + (20 * (rows - 1)) },
            Title = layout.Title! with { Y = 1 - (20.0 / (height + (20 * (rows - 1)))), YAnchor = "top" },
        });
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
    private static ScatterTrace RecordTrace(LineView line, LineRun run, string curveName, IReadOnlyList<double> curve, string color, bool test)
    {
        var records = run.Records;
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
        var race = run.Color is not null;
        return new ScatterTrace
        {
            Name = race ? LandscapeFigure.Escape(test ? run.Label : $"{run.Label} on the {curveName}") : $"records on the {curveName}",
            X = records.Alpha,
            Y = records.Alpha.Select(a => At(line.Alpha, curve, a)).ToArray(),
            Mode = "markers",
            Marker = new Marker
            {
                Color = run.Color ?? color,
                Size = 7,
                Symbol = test ? "circle" : "circle-open",
                Line = race && !test ? null : new Line { Color = "#000000", Width = 1 },
            },
            CustomData = custom,
            LegendGroup = race ? run.Label : "records",
            ShowLegend = test,
            HoverTemplate = $"<b>{LandscapeFigure.Escape(run.Label)}</b><br>epoch %{{customdata[0]}} (step %{{customdata[1]}})<br>α = %{{x:.4f}}{distance}<br>{curveName} on the line = %{{y:.6g}}<br>true test loss = %{{customdata[3]:.6g}}{train}<extra></extra>",
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
