using LossLandscape.Analysis;
using LossLandscape.Experiments;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.IO;
using LossLandscape.Models;
using LossLandscape.Plotting;
using LossLandscape.Plotting.Export;
using LossLandscape.Surface;

namespace LossLandscape.Cli.Commands;

/// <summary>A figure of the race and the size it is drawn at.</summary>
/// <param name="Name">The file name without extension ("compare", "contour").</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal readonly record struct CompareFigureSize(string Name, int Width, int Height);

/// <summary>
/// The views of a race, drawn with the view options of <c>run</c>: compare.html (the 3-D race with critical points and
/// the test-loss chart), contour.html (every path on the contour map with the valley floor, critical points and the
/// animation), analysis.json (the surface's critical points and valley, each run's curvature under its label) and, when
/// asked, compare.png/.svg and contour.png/.svg.
/// </summary>
internal static class CompareViews
{
    /// <summary>The title of compare.html.</summary>
    public const string RaceTitle = "Optimizer race";

    /// <summary>The title of contour.html.</summary>
    public const string ContourTitle = "Optimizer race: loss contours";

    /// <summary>Height of the curvature chart under the race (compare.html) and of its image (hessian.png/.svg).</summary>
    private const int HessianHeight = 560;

    /// <summary>The sizes the figures are drawn at: each side as given by --width/--height, else the figure's default.</summary>
    public static (CompareFigureSize Race, CompareFigureSize Contour) Sizes(RunSettings settings)
    {
        var (raceWidth, raceHeight) = settings.FigureSize(CompareFigure.DefaultWidth, CompareFigure.DefaultHeight);
        var contour = settings.ToViewOptions();
        return (new CompareFigureSize("compare", raceWidth, raceHeight), new CompareFigureSize("contour", contour.Width, contour.Height));
    }

    /// <summary>Computes the analysis and writes the views; returns the analysis and the names written, in order.</summary>
    public static (SurfaceAnalysis Analysis, IReadOnlyList<string> Files) Write(
        string outDir,
        RaceResult result,
        IReadOnlyList<RacePath> paths,
        ViewOptions options,
        (CompareFigureSize Race, CompareFigureSize Contour) sizes,
        PlotlyJsMode mode,
        IReadOnlyList<ImageFormat> formats,
        FigureExporter? exporter,
        CancellationToken cancellationToken)
    {
        var analysis = PlaneStage.Analyze(result.Model, result.Directions, result.PlaneSurfaces, result.Test, records: null);
        var calculus = PlaneStage.Calculus(result.Model, result.Directions, result.Test);
        var curvature = result.Runs.Select(r => (r.Entry.Label, TrajectoryCurvature.Compute(calculus, r.Trajectory.Records))).ToArray();
        AnalysisFile.Write(Path.Combine(outDir, "analysis.json"), analysis, curvature);

        var plane = RunViews.Drawn(result.PlaneSurfaces, result.Directions, RunCommand.MaxFigurePoints);
        var race = RaceFigure(plane, paths, analysis, options, sizes.Race);
        var contour = ContourView(plane, paths, analysis, options, sizes.Contour);
        var hessian = CompareCurvature.Chart(result, sizes.Race.Width, HessianHeight);
        Figure[] racePage = hessian is null ? [race] : [race, hessian];
        AtomicFile.Write(Path.Combine(outDir, "compare.html"), stream => HtmlPage.Write(stream, RaceTitle, mode, racePage));
        var projection = ProjectionFigure.Build(plane, paths.Select(CompareFigure.PlanePath).ToArray(), options with { Width = sizes.Contour.Width });
        AtomicFile.Write(Path.Combine(outDir, "contour.html"), stream => HtmlPage.Write(stream, ContourTitle, mode, ProjectionFigure.Page(contour, projection)));
        var files = new List<string> { "compare.html", "contour.html", "analysis.json" };
        var accuracy = AccuracyView(result, paths, options with { Width = sizes.Contour.Width, Height = sizes.Contour.Height });
        if (accuracy is not null)
        {
            AtomicFile.Write(Path.Combine(outDir, "accuracy.html"), stream => HtmlPage.Write(stream, AccuracyFigure.Title, mode, accuracy));
            files.Add("accuracy.html");
        }

        if (formats.Count > 0 && exporter is not null)
        {
            // Images show every whole path without the animation controls.
            var still = options with { Animate = false };
            var figures = new (CompareFigureSize Size, Figure Figure)[]
            {
                (sizes.Race, RaceFigure(plane, paths, analysis, still, sizes.Race)),
                (sizes.Contour, ContourView(plane, paths, analysis, still, sizes.Contour)),
            };
            if (AccuracyView(result, paths, still with { Width = sizes.Contour.Width, Height = sizes.Contour.Height }) is { } stillAccuracy)
            {
                figures = [.. figures, (sizes.Contour with { Name = "accuracy" }, stillAccuracy)];
            }

            if (hessian is not null)
            {
                // The chart has no animation: the page's figure is the image's.
                figures = [.. figures, (new CompareFigureSize("hessian", sizes.Race.Width, HessianHeight), hessian)];
            }

            Export(exporter, outDir, figures, formats, cancellationToken).GetAwaiter().GetResult();
            files.AddRange(figures.SelectMany(f => formats.Select(x => $"{f.Size.Name}.{FigureExporter.Word(x)}")));
        }

        return (analysis, files);
    }

    /// <summary>
    /// accuracy.html's figure when the race computed a classifier's accuracy surface: every contestant at its records'
    /// test accuracy, in its race colour; null otherwise.
    /// </summary>
    private static Figure? AccuracyView(RaceResult result, IReadOnlyList<RacePath> paths, ViewOptions options)
    {
        if (result.Surfaces?.Accuracy is not { } accuracy || result.Model.Capability<IClassifier>() is not { } classifier)
        {
            return null;
        }

        var racers = paths.Select((path, k) =>
        {
            var records = result.Runs[k].Trajectory.Records;
            var count = path.Path.A.Count;
            return path.Path with
            {
                Name = path.Label,
                Loss = records.Take(count).Select(r => classifier.Accuracy(r.Parameters, result.Test.X, result.Test.Y)).ToArray(),
                Distance = null,
                TrainLoss = null,
            };
        }).ToArray();
        var (title1, title2) = RunViews.AxisTitles(result.Directions);
        return AccuracyFigure.BuildRace(SurfaceThinning.Thin(accuracy, RunCommand.MaxFigurePoints), title1, title2, racers, options);
    }

    private static Figure RaceFigure(PlaneView plane, IReadOnlyList<RacePath> paths, SurfaceAnalysis analysis, ViewOptions options, CompareFigureSize size) =>
        CompareFigure.Build(plane, paths, analysis.CriticalPoints, options with { LandscapeTitle = RaceTitle, Width = size.Width, Height = size.Height });

    private static Figure ContourView(PlaneView plane, IReadOnlyList<RacePath> paths, SurfaceAnalysis analysis, ViewOptions options, CompareFigureSize size) =>
        CompareFigure.Contour(plane, paths, analysis.CriticalPoints, analysis.Valley, options with { ContourTitle = ContourTitle, Width = size.Width, Height = size.Height });

    private static async Task Export(FigureExporter exporter, string outDir, IReadOnlyList<(CompareFigureSize Size, Figure Figure)> figures, IReadOnlyList<ImageFormat> formats, CancellationToken cancellationToken)
    {
        foreach (var (size, figure) in figures)
        {
            await exporter.ExportAsync(figure, Path.Combine(outDir, size.Name), formats, size.Width, size.Height, cancellationToken).ConfigureAwait(false);
        }
    }
}
