using System.Globalization;
using LossLandscape.Analysis;
using LossLandscape.Landscape;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Platform;
using LossLandscape.Plotting.Export;
using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>
/// The views of a race: compare.html (the 3-D race with critical points and the test-loss chart, the curvature chart
/// under it), contour.html (every path on the contour map with the valley floor, critical points and the animation),
/// accuracy.html for a classifier and, when asked, their PNG/SVG images; line.html along a line.
/// </summary>
public static class RaceViews
{
    /// <summary>The title of compare.html.</summary>
    public const string RaceTitle = "Optimizer race";

    /// <summary>The title of contour.html.</summary>
    public const string ContourTitle = "Optimizer race: loss contours";

    /// <summary>The title of a race's line.html.</summary>
    public const string LineTitle = "Optimizer race along a line";

    /// <summary>Height of the curvature chart under the race (compare.html) and of its image (hessian.png/.svg).</summary>
    private const int HessianHeight = 560;

    /// <summary>Writes the plane's views; returns the names written, in order.</summary>
    public static IReadOnlyList<string> Write(string outDir, LandscapeResult result, RunOutputSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        var onPlane = result.OnPlane;
        var analysis = onPlane.Analysis;
        var options = settings.Views;
        var race = settings.RaceSize ?? (CompareFigure.DefaultWidth, CompareFigure.DefaultHeight);
        var (contourWidth, contourHeight) = (options.Width, options.Height);
        var paths = Paths(result);
        var plane = RunViews.Drawn(onPlane.Surfaces, result.Directions, RunViews.MaxFigurePoints);
        var hessian = Chart(result, race.Width, HessianHeight);
        Figure[] racePage = hessian is null ? [RaceFigure(plane, paths, analysis, options, race)] : [RaceFigure(plane, paths, analysis, options, race), hessian];
        AtomicFile.Write(Path.Combine(outDir, "compare.html"), stream => HtmlPage.Write(stream, RaceTitle, settings.Mode, racePage));
        var contour = ContourView(plane, paths, analysis, options with { Width = contourWidth, Height = contourHeight });
        var projection = ProjectionFigure.Build(plane, paths.Select(CompareFigure.PlanePath).ToArray(), options with { Width = contourWidth });
        AtomicFile.Write(Path.Combine(outDir, "contour.html"), stream => HtmlPage.Write(stream, ContourTitle, settings.Mode, ProjectionFigure.Page(contour, projection)));
        var files = new List<string> { "compare.html", "contour.html", "analysis.json" };
        var accuracy = AccuracyView(result, paths, options);
        if (accuracy is not null)
        {
            AtomicFile.Write(Path.Combine(outDir, "accuracy.html"), stream => HtmlPage.Write(stream, AccuracyFigure.Title, settings.Mode, accuracy));
            files.Add("accuracy.html");
        }

        if (settings.Formats.Count > 0 && settings.Exporter is { } exporter)
        {
            // Images show every whole path without the animation controls.
            var still = options with { Animate = false };
            var figures = new List<(string Name, Figure Figure, int Width, int Height)>
            {
                ("compare", RaceFigure(plane, paths, analysis, still, race), race.Width, race.Height),
                ("contour", ContourView(plane, paths, analysis, still), contourWidth, contourHeight),
            };
            if (AccuracyView(result, paths, still) is { } stillAccuracy)
            {
                figures.Add(("accuracy", stillAccuracy, contourWidth, contourHeight));
            }

            if (hessian is not null)
            {
                // The chart has no animation: the page's figure is the image's.
                figures.Add(("hessian", hessian, race.Width, HessianHeight));
            }

            foreach (var (name, figure, width, height) in figures)
            {
                exporter.ExportAsync(figure, Path.Combine(outDir, name), settings.Formats, width, height, cancellationToken).GetAwaiter().GetResult();
            }

            files.AddRange(figures.SelectMany(f => settings.Formats.Select(x => $"{f.Name}.{FigureExporter.Word(x)}")));
        }

        return files;
    }

    /// <summary>Writes line.html (and its image when asked): both losses along the line with every run's records in its colour.</summary>
    public static IReadOnlyList<string> WriteLine(string outDir, LandscapeResult result, RunOutputSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        var view = LineView(result);
        var runs = LineRuns(result);
        var options = settings.Views;
        AtomicFile.WriteAllText(Path.Combine(outDir, "line.html"), HtmlPage.Render(LineTitle, settings.Mode, LineFigure.BuildRace(view, runs, options)));
        var files = new List<string> { "line.html" };
        if (settings.Formats.Count > 0 && settings.Exporter is { } exporter)
        {
            var still = LineFigure.BuildRace(view, runs, options with { Animate = false });
            exporter.ExportAsync(still, Path.Combine(outDir, "line"), settings.Formats, options.Width, options.Height, cancellationToken).GetAwaiter().GetResult();
            files.AddRange(settings.Formats.Select(x => $"line.{FigureExporter.Word(x)}"));
        }

        return files;
    }

    /// <summary>Every contestant as drawn; a path that left the surface is drawn up to its last record on it.</summary>
    public static IReadOnlyList<RacePath> Paths(LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var surface = result.OnPlane.Surface;
        var stepsPerEpoch = (int)result.Options.Training.StepsPerEpoch(result.Train.Count);
        return result.Paths.Select(path =>
        {
            var records = path.Records;
            var view = new PathView
            {
                Name = path.Entry.Label,
                A = path.Projections.Select(p => p.A).ToArray(),
                B = path.Projections.Select(p => p.B).ToArray(),
                Loss = records.Select(r => r.TestLoss).ToArray(),
                TrainLoss = records.Select(r => r.TrainLoss).ToArray(),
                Epochs = records.Select(r => r.Epoch).ToArray(),
                Steps = records.Select(r => r.Step).ToArray(),
            };
            if (result.Directions.Kind != PlaneKind.Weights)
            {
                view = RunViews.Projected(view, records, path.Projections);
            }

            var epochPosition = CompareFigure.EpochPositions(view.Steps, stepsPerEpoch);
            if (path.LeftSurface)
            {
                var last = path.Projections[^1];
                return new RacePath
                {
                    Label = path.Entry.Label,
                    Path = view,
                    EpochPosition = epochPosition,
                    DrawnOnSurface = OnSurface(path.Projections, surface),
                    Stop = "left the surface",
                    StopNote = string.Create(CultureInfo.InvariantCulture, $"the path goes on to ({last.A:G6}, {last.B:G6}), too far for the surface"),
                };
            }

            return new RacePath
            {
                Label = path.Entry.Label,
                Path = view,
                EpochPosition = epochPosition,
                Stop = path.Trajectory.Divergence is null ? null : "diverged",
                StopNote = path.Trajectory.Divergence is { } d ? $"stopped in epoch {d.Epoch} at step {d.Step}: {d.Reason}" : null,
            };
        }).ToArray();
    }

    /// <summary>The curvature chart (compare.html, and hessian.png/.svg with images), or null without curvature.</summary>
    public static Figure? Chart(LandscapeResult result, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!CurvatureColumns.Of(result.Paths).Any)
        {
            return null;
        }

        var views = result.Paths
            .Select((path, k) => (path, k))
            .Where(p => p.path.Curvature?.Path is not null)
            .Select(p => new HessianPathView(p.path.Entry.Label, p.path.Curvature!.Path!, p.path.Records.Select(r => (double)r.Step).ToArray(), p.path.Records.Select(r => r.TrainLoss).ToArray(), CompareFigure.ColorOf(p.k)))
            .ToArray();
        return RaceHessianFigure.Build(views, width, height);
    }

    /// <summary>What α = 0 and α = 1 are, and the curves along the line.</summary>
    public static LineView LineView(LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = result.OnLine.Profile;
        var first = result.Paths[0];
        return new LineView
        {
            Alpha = line.Alpha.Values.ToArray(),
            TestLoss = line.TestLoss,
            TrainLoss = line.TrainLoss,
            FromLabel = result.Options.Plane?.From?.Describe() ?? "the shared start (epoch 0)",
            ToLabel = result.Options.Plane?.To?.Describe() ?? $"{first.Entry.Label}'s last record (epoch {first.Records[^1].Epoch})",
            PathName = first.Entry.Label,
        };
    }

    /// <summary>Every contestant's records on the line, in its race colour.</summary>
    public static IReadOnlyList<LineRun> LineRuns(LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Paths.Select((path, k) =>
        {
            var records = path.Records;
            return new LineRun(path.Entry.Label, CompareFigure.ColorOf(k), new LineRecords
            {
                Alpha = path.Projections.Select(p => p.A).ToArray(),
                Epochs = records.Select(r => r.Epoch).ToArray(),
                Steps = records.Select(r => r.Step).ToArray(),
                Distance = path.Projections.Select(p => p.Distance).ToArray(),
                TestLoss = records.Select(r => r.TestLoss).ToArray(),
                TrainLoss = records.Select(r => r.TrainLoss).ToArray(),
            });
        }).ToArray();
    }

    /// <summary>How many of the first records lie on the surface's grid.</summary>
    private static int OnSurface(IReadOnlyList<RecordProjection> projections, LossSurface surface)
    {
        var (w1, w2) = (surface.Axis1, surface.Axis2);
        var count = 0;
        while (count < projections.Count && projections[count].A >= w1[0] && projections[count].A <= w1[w1.Count - 1] && projections[count].B >= w2[0] && projections[count].B <= w2[w2.Count - 1])
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// accuracy.html's figure when the race computed a classifier's accuracy surface: every contestant at its records'
    /// test accuracy, in its race colour; null otherwise.
    /// </summary>
    private static Figure? AccuracyView(LandscapeResult result, IReadOnlyList<RacePath> paths, ViewOptions options)
    {
        if (result.OnPlane.Surfaces.Accuracy is not { } accuracy || result.Model.Capability<IClassifier>() is not { } classifier)
        {
            return null;
        }

        var racers = paths.Select((path, k) =>
        {
            var records = result.Paths[k].Records;
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
        return AccuracyFigure.BuildRace(SurfaceThinning.Thin(accuracy, RunViews.MaxFigurePoints), title1, title2, racers, options);
    }

    private static Figure RaceFigure(PlaneView plane, IReadOnlyList<RacePath> paths, SurfaceAnalysis analysis, ViewOptions options, (int Width, int Height) size) =>
        CompareFigure.Build(plane, paths, analysis.CriticalPoints, options with { LandscapeTitle = RaceTitle, Width = size.Width, Height = size.Height });

    private static Figure ContourView(PlaneView plane, IReadOnlyList<RacePath> paths, SurfaceAnalysis analysis, ViewOptions options) =>
        CompareFigure.Contour(plane, paths, analysis.CriticalPoints, analysis.Valley, options with { ContourTitle = ContourTitle });
}
