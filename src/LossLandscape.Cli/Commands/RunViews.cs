using System.Globalization;
using System.Runtime.CompilerServices;
using LossLandscape.Analysis;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Plotting;
using LossLandscape.Plotting.Export;
using LossLandscape.Surface;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// The analysis and the views of a run: analysis.json, landscape.html, contour.html (with the curvature chart) and,
/// when asked, their PNG/SVG images.
/// </summary>
internal static class RunViews
{
    /// <summary>
    /// Computes the analysis on the full surface and writes the files; the figures draw <paramref name="drawn"/>
    /// (the surface itself, or a thinned copy when it is too large for a browser). Returns the analysis and the names written.
    /// </summary>
    public static (SurfaceAnalysis Analysis, IReadOnlyList<string> Files) Write(
        string outDir,
        ExperimentResult result,
        LossSurface drawn,
        PathView path,
        ViewOptions options,
        PlotlyJsMode mode,
        IReadOnlyList<ImageFormat> formats,
        FigureExporter? exporter,
        CancellationToken cancellationToken)
    {
        var analysis = SurfaceAnalysis.Analyze(result.Network, result.Plane, result.Surface, result.Test, result.Trajectory.Records);
        var files = new List<string>();
        AnalysisFile.Write(Path.Combine(outDir, "analysis.json"), analysis);
        files.Add("analysis.json");

        var landscape = LandscapeViews.Landscape(drawn, [path], analysis.CriticalPoints, options);
        var contour = LandscapeViews.Contour(drawn, [path], analysis.CriticalPoints, analysis.Valley, options);
        var curvature = CurvatureFigure.Build([new CurvatureSeries(path.Name, analysis.Trajectory, path.LineColor)], options.Width);
        AtomicFile.Write(Path.Combine(outDir, "landscape.html"), stream => HtmlPage.Write(stream, options.LandscapeTitle, mode, landscape));
        AtomicFile.Write(Path.Combine(outDir, "contour.html"), stream => HtmlPage.Write(stream, options.ContourTitle, mode, contour, curvature));
        files.Add("landscape.html");
        files.Add("contour.html");

        if (formats.Count > 0 && exporter is not null)
        {
            // Images show the whole path without the animation controls.
            var still = options with { Animate = false };
            var figures = new (string Name, Figure Figure)[]
            {
                ("landscape", LandscapeViews.Landscape(drawn, [path], analysis.CriticalPoints, still)),
                ("contour", LandscapeViews.Contour(drawn, [path], analysis.CriticalPoints, analysis.Valley, still)),
            };
            Export(exporter, outDir, figures, formats, options.Width, options.Height, cancellationToken).GetAwaiter().GetResult();
            files.AddRange(figures.SelectMany(f => formats.Select(x => $"{f.Name}.{FigureExporter.Word(x)}")));
        }

        return (analysis, files);
    }

    /// <summary>
    /// Builds and serialises small views once, so that the serializer's and the figure builders' first-call costs
    /// (most of a cold process's writing time when JIT-compiled) are paid on another core while the data, training
    /// and surface are computed. Compiled ahead of time (the installed tool) there is nothing to warm up.
    /// </summary>
    public static Task WarmUpAsync(ViewOptions options, PlotlyJsMode mode) => !RuntimeFeature.IsDynamicCodeCompiled ? Task.CompletedTask : Task.Run(() =>
    {
        var axis = new GridAxis(-1, 1, 0.5);
        var surface = new LossSurface(axis, axis, "w1", "w2", new double[axis.Count * axis.Count]);
        var path = new PathView { Name = "warm-up", A = [0.0, 0.5], B = [0.0, 0.5], Loss = [1.0, 1.0], Epochs = [0, 1], Steps = [0, 1] };
        var landscape = LandscapeViews.Landscape(surface, [path], [], options);
        var contour = LandscapeViews.Contour(surface, [path], [], [], options);
        _ = HtmlPage.ToJson(landscape);
        _ = HtmlPage.ToJson(contour);
        if (mode != PlotlyJsMode.Cdn)
        {
            _ = PlotlyJs.Source.Length;
        }
    });

    /// <summary>One line on what the analysis found, for the console.</summary>
    public static string Summary(SurfaceAnalysis analysis)
    {
        var kinds = analysis.CriticalPoints.GroupBy(p => p.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.First().KindName}{(g.Count() == 1 ? string.Empty : "s")}");
        var text = $"Analysis: {(analysis.CriticalPoints.Count == 0 ? "no critical points" : string.Join(", ", kinds))} on the grid";
        if (analysis.Trajectory.Count > 0)
        {
            var sharpest = analysis.Trajectory.MaxBy(p => p.Sharpness);
            var unstable = analysis.Trajectory.Count(p => p.Unstable);
            text += string.Create(
                CultureInfo.InvariantCulture,
                $"; sharpness up to {sharpest.Sharpness:0.###} (epoch {sharpest.Epoch}) against 2/lr = {sharpest.StabilityLimit:0.###}, {unstable} of {analysis.Trajectory.Count} records unstable for plain GD");
        }

        return text + ".";
    }

    private static async Task Export(FigureExporter exporter, string outDir, IReadOnlyList<(string Name, Figure Figure)> figures, IReadOnlyList<ImageFormat> formats, int width, int height, CancellationToken cancellationToken)
    {
        foreach (var (name, figure) in figures)
        {
            await exporter.ExportAsync(figure, Path.Combine(outDir, name), formats, width, height, cancellationToken).ConfigureAwait(false);
        }
    }
}
