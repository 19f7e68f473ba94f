using System.Globalization;

namespace LossLandscape.Plotting;

/// <summary>
/// Animation of growing paths with plotly frames: frame k replaces the path traces with their first records, a play
/// button runs the frames in order and a slider jumps to any of them. The figure's own traces stay complete, so the
/// page and static exports show the whole path until the animation is used.
/// </summary>
public static class PathAnimation
{
    /// <summary>Milliseconds per frame when playing.</summary>
    public const int FrameMilliseconds = 120;

    /// <summary>Vertical position of the play button and slider, in fractions of the plot below its bottom edge.</summary>
    public const double ControlsY = -0.09;

    /// <summary>Bottom margin in pixels that leaves room for the axis title and the controls.</summary>
    public const int ControlsMargin = 150;

    /// <summary>Paths longer than this are thinned (evenly, ends kept) inside the frames so the page stays small.</summary>
    public const int MaxPointsPerFrame = 600;

    /// <summary>
    /// The record counts the frames show: from 1 to <paramref name="records"/>, evenly spaced, at most
    /// <paramref name="maxFrames"/> of them, always including the first and the last.
    /// </summary>
    public static int[] FrameCounts(int records, int maxFrames)
    {
        if (records < 1)
        {
            return [];
        }

        maxFrames = Math.Max(2, maxFrames);
        if (records <= maxFrames)
        {
            return Enumerable.Range(1, records).ToArray();
        }

        var counts = new SortedSet<int>();
        for (var k = 0; k < maxFrames; k++)
        {
            counts.Add(1 + (int)Math.Round((double)(records - 1) * k / (maxFrames - 1)));
        }

        return counts.ToArray();
    }

    /// <summary>The first <paramref name="count"/> records of a path, thinned to at most <paramref name="maxPoints"/> points (first and last kept).</summary>
    public static PathView Prefix(PathView path, int count, int maxPoints = MaxPointsPerFrame)
    {
        ArgumentNullException.ThrowIfNull(path);
        count = Math.Clamp(count, 1, path.A.Count);
        var keep = count <= maxPoints
            ? Enumerable.Range(0, count).ToArray()
            : FrameCounts(count, maxPoints).Select(c => c - 1).ToArray();
        return path.Select(keep);
    }

    /// <summary>
    /// Adds frames, a play/pause button pair and a slider to <paramref name="figure"/>. <paramref name="frameTraces"/>
    /// gives, for the paths cut to their first k records, the traces that replace <paramref name="traceIndices"/> (same
    /// order and types). The slider starts at the last frame (the whole path).
    /// </summary>
    /// <param name="figure">The figure with complete paths.</param>
    /// <param name="paths">The paths being grown.</param>
    /// <param name="traceIndices">Indices of the traces each frame replaces.</param>
    /// <param name="frameTraces">Builds the replacement traces from the cut paths.</param>
    /// <param name="maxFrames">Most frames.</param>
    /// <param name="redraw">Redraw the whole plot per frame (needed for 3-D scenes).</param>
    public static Figure Animate(
        Figure figure,
        IReadOnlyList<PathView> paths,
        IReadOnlyList<int> traceIndices,
        Func<IReadOnlyList<PathView>, IReadOnlyList<Trace>> frameTraces,
        int maxFrames,
        bool redraw)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(frameTraces);
        var longest = paths.Where(p => p.A.Count > 0).MaxBy(p => p.A.Count);
        if (longest is null || longest.A.Count < 2)
        {
            return figure;
        }

        var counts = FrameCounts(longest.A.Count, maxFrames);
        var byStep = longest.Epochs.Distinct().Count() < longest.Epochs.Count;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var frames = new List<Frame>(counts.Length);
        var steps = new List<SliderStep>(counts.Length);
        foreach (var count in counts)
        {
            var cut = paths.Select(p => Prefix(p, count)).ToArray();
            var data = frameTraces(cut);
            if (data.Count != traceIndices.Count)
            {
                throw new InvalidOperationException($"the frame builder returned {data.Count} traces for {traceIndices.Count} indices");
            }

            var name = Label(longest, count, byStep);
            if (!names.Add(name))
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{name} (record {count})");
                names.Add(name);
            }

            frames.Add(new Frame(name, data, traceIndices));
            steps.Add(new SliderStep(name, "animate", [new[] { name }, Jump(redraw)]));
        }

        var play = new Dictionary<string, object?>
        {
            ["frame"] = new Dictionary<string, object> { ["duration"] = FrameMilliseconds, ["redraw"] = redraw },
            ["fromcurrent"] = true,
            ["transition"] = new Dictionary<string, object> { ["duration"] = 0 },
            ["mode"] = "immediate",
        };
        var pause = new Dictionary<string, object?>
        {
            ["frame"] = new Dictionary<string, object> { ["duration"] = 0, ["redraw"] = redraw },
            ["transition"] = new Dictionary<string, object> { ["duration"] = 0 },
            ["mode"] = "immediate",
        };
        var menu = new UpdateMenu
        {
            Buttons =
            [
                new Button("▶ Play", "animate", [null, play]),
                new Button("❚❚ Pause", "animate", [new object?[] { null }, pause]),
            ],
            Direction = "left",
            X = 0.0,
            Y = ControlsY,
            XAnchor = "left",
            YAnchor = "top",
            BackgroundColor = "#2a3f5f",
            Font = new Font { Color = DarkTheme.Text },
        };
        var slider = new Slider
        {
            Steps = steps,
            Active = steps.Count - 1,
            CurrentValue = new Dictionary<string, object> { ["prefix"] = "", ["visible"] = true, ["xanchor"] = "right" },
            X = 0.2,
            Y = ControlsY,
            Length = 0.8,
            Pad = new Margin { Top = 0, Bottom = 0 },
            Font = new Font { Color = DarkTheme.Text },
        };
        var layout = figure.Layout with
        {
            UpdateMenus = [.. figure.Layout.UpdateMenus ?? [], menu],
            Sliders = [.. figure.Layout.Sliders ?? [], slider],
            Margin = (figure.Layout.Margin ?? new Margin()) with { Bottom = Math.Max(figure.Layout.Margin?.Bottom ?? 0, ControlsMargin) },
        };
        return figure with { Layout = layout, Frames = frames };
    }

    private static Dictionary<string, object?> Jump(bool redraw) => new()
    {
        ["mode"] = "immediate",
        ["frame"] = new Dictionary<string, object> { ["duration"] = 0, ["redraw"] = redraw },
        ["transition"] = new Dictionary<string, object> { ["duration"] = 0 },
    };

    private static string Label(PathView path, int count, bool byStep) => byStep
        ? string.Create(CultureInfo.InvariantCulture, $"step {path.Steps[count - 1]}")
        : string.Create(CultureInfo.InvariantCulture, $"epoch {path.Epochs[count - 1]}");
}
