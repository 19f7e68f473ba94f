using System.Globalization;
using System.Runtime.CompilerServices;
using LossLandscape.Analysis;
using LossLandscape.Curvature;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.Plotting.Export;
using LossLandscape.Surface;
using LossLandscape.Training;
using ComputedSurfaces = LossLandscape.Surface.PlaneSurfaces;
using DrawnSurfaces = LossLandscape.Plotting.PlaneView;

namespace LossLandscape.Plotting;

/// <summary>
/// The analysis file and the views of a run: analysis.json, landscape.html, contour.html (with the projection chart
/// and the curvature chart) and, when asked, their PNG/SVG images; line.html for a line.
/// </summary>
public static class RunViews
{
    /// <summary>Most surface points per axis drawn in the figure (browsers cannot draw millions); larger surfaces are thinned.</summary>
    public const int MaxFigurePoints = 500;

    /// <summary>
    /// The article's styling: a red line (width 2) with yellow markers (size 4), at the records' plane coordinates; on
    /// a plane other than the weights plane with each record's distance and the surfaces' losses at its projection.
    /// </summary>
    public static PathView SeedPath(ExperimentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        var records = result.Trajectory.Records;
        var path = new PathView
        {
            Name = name,
            A = result.Projections.Select(p => p.A).ToArray(),
            B = result.Projections.Select(p => p.B).ToArray(),
            Loss = records.Select(r => r.TestLoss).ToArray(),
            Epochs = records.Select(r => r.Epoch).ToArray(),
            Steps = records.Select(r => r.Step).ToArray(),
            DivergedNote = result.Trajectory.Divergence?.Reason,
        };
        if (result.Directions.Kind != PlaneKind.Weights)
        {
            return Projected(path, records, result.Projections);
        }

        // The weights plane holds every record: only the training loss is added, when a surface needs it.
        return result.Options.Surfaces == SurfaceQuantities.Test ? path : path with { TrainLoss = records.Select(r => r.TrainLoss).ToArray() };
    }

    /// <summary>
    /// Writes analysis.json and the views of the plane; the figures draw <paramref name="drawn"/> (the surfaces, thinned
    /// when too large for a browser). Returns the names written.
    /// </summary>
    public static IReadOnlyList<string> Write(
        string outDir,
        SurfaceAnalysis analysis,
        DrawnSurfaces drawn,
        PathView path,
        ViewOptions options,
        PlotlyJsMode mode,
        IReadOnlyList<ImageFormat> formats,
        FigureExporter? exporter,
        CancellationToken cancellationToken,
        CurvatureResult? fullHessian = null,
        HessianPathView? hessianPath = null,
        StabilityThreshold? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var files = new List<string>();
        AnalysisFile.Write(Path.Combine(outDir, "analysis.json"), analysis, fullHessian);
        var charts = RunCurvatureViews.Charts(fullHessian, hessianPath, options.Width);
        files.Add("analysis.json");

        var landscape = LandscapeViews.Landscape(drawn, [path], analysis.CriticalPoints, options);
        var contour = LandscapeViews.Contour(drawn, [path], analysis.CriticalPoints, analysis.Valley, options);
        var projection = ProjectionFigure.Build(drawn, [path], options);
        var curvature = CurvatureFigure.Build([new CurvatureSeries(path.Name, analysis.Trajectory, path.LineColor, threshold)], options.Width);
        AtomicFile.Write(Path.Combine(outDir, "landscape.html"), stream => HtmlPage.Write(stream, options.LandscapeTitle, mode, ProjectionFigure.Page(landscape, projection)));
        AtomicFile.Write(Path.Combine(outDir, "contour.html"), stream => HtmlPage.Write(stream, options.ContourTitle, mode, [.. ProjectionFigure.Page(contour, projection), curvature, .. charts.Select(c => c.Figure)]));
        files.Add("landscape.html");
        files.Add("contour.html");

        if (formats.Count > 0 && exporter is not null)
        {
            // Images show the whole path without the animation controls.
            var still = options with { Animate = false };
            var figures = new List<(string Name, Figure Figure)>
            {
                ("landscape", LandscapeViews.Landscape(drawn, [path], analysis.CriticalPoints, still)),
                ("contour", LandscapeViews.Contour(drawn, [path], analysis.CriticalPoints, analysis.Valley, still)),
            };
            if (projection is not null)
            {
                figures.Add(("projection", projection));
            }

            figures.AddRange(charts);
            if (RunCurvatureViews.SharpnessMap(drawn, path, still) is { } map)
            {
                figures.Add(("sharpness-map", map));
            }

            Export(exporter, outDir, figures, formats, options.Width, options.Height, cancellationToken).GetAwaiter().GetResult();
            files.AddRange(figures.SelectMany(f => formats.Select(x => $"{f.Name}.{FigureExporter.Word(x)}")));
        }

        return files;
    }

    /// <summary>Writes line.html (and its images when asked): both losses along the line with the records marked.</summary>
    public static IReadOnlyList<string> WriteLine(string outDir, ExperimentResult result, ViewOptions options, PlotlyJsMode mode, IReadOnlyList<ImageFormat> formats, FigureExporter? exporter, string pathName, CancellationToken cancellationToken)
    {
        var line = result.Line!;
        var records = result.Trajectory.Records;
        var view = new LineView
        {
            Alpha = line.Alpha.Values.ToArray(),
            TestLoss = line.TestLoss,
            TrainLoss = line.TrainLoss,
            FromLabel = result.Options.Plane?.From?.Describe() ?? $"first record (epoch {records[0].Epoch})",
            ToLabel = result.Options.Plane?.To?.Describe() ?? $"last record (epoch {records[^1].Epoch})",
            PathName = pathName,
            Records = new LineRecords
            {
                Alpha = result.Projections.Select(p => p.A).ToArray(),
                Epochs = records.Select(r => r.Epoch).ToArray(),
                Steps = records.Select(r => r.Step).ToArray(),
                Distance = result.Projections.Select(p => p.Distance).ToArray(),
                TestLoss = records.Select(r => r.TestLoss).ToArray(),
                TrainLoss = records.Select(r => r.TrainLoss).ToArray(),
            },
        };
        var figure = LineFigure.Build(view, options);
        AtomicFile.WriteAllText(Path.Combine(outDir, "line.html"), HtmlPage.Render("Loss along a line", mode, figure));
        var files = new List<string> { "line.html" };
        if (formats.Count > 0 && exporter is not null)
        {
            Export(exporter, outDir, [("line", LineFigure.Build(view, options with { Animate = false }))], formats, options.Width, options.Height, cancellationToken).GetAwaiter().GetResult();
            files.AddRange(formats.Select(x => $"line.{FigureExporter.Word(x)}"));
        }

        return files;
    }

    /// <summary>
    /// The surfaces as the views draw them, each thinned to at most <paramref name="maxPerAxis"/> points per axis, with
    /// axis titles that say what the directions are.
    /// </summary>
    public static DrawnSurfaces Drawn(ComputedSurfaces surfaces, PlaneDirections directions, int maxPerAxis)
    {
        ArgumentNullException.ThrowIfNull(surfaces);
        ArgumentNullException.ThrowIfNull(directions);
        var list = new List<PlaneSurface>();
        foreach (var (kind, surface) in new[] { (SurfaceQuantities.Test, surfaces.Test), (SurfaceQuantities.Train, surfaces.Train), (SurfaceQuantities.Gap, surfaces.Gap) })
        {
            if (surface is not null)
            {
                list.Add(new PlaneSurface(kind, SurfaceThinning.Thin(surface, maxPerAxis)));
            }
        }

        var (title1, title2) = AxisTitles(directions);
        return new DrawnSurfaces { Surfaces = list, Axis1Title = title1, Axis2Title = title2, IsWeightsPlane = directions.Kind == PlaneKind.Weights };
    }

    /// <summary>What each axis is: the principal components with their share of the path's variance, or the directions' recipe.</summary>
    public static (string? A, string? B) AxisTitles(PlaneDirections directions)
    {
        ArgumentNullException.ThrowIfNull(directions);
        var inv = CultureInfo.InvariantCulture;
        return directions.Kind switch
        {
            PlaneKind.Pca when directions.ExplainedVarianceRatio is [var r1, var r2, ..] =>
                (string.Create(inv, $"PC1 · {100 * r1:0.0} % of the path's variance"), string.Create(inv, $"PC2 · {100 * r2:0.0} % of the path's variance")),
            PlaneKind.Random =>
                (Random(directions, 1), Random(directions, 2)),
            PlaneKind.Points => ("θ_J − θ_I", "θ_K − θ_I"),
            _ => (null, null),
        };

        static string Random(PlaneDirections d, int k) =>
            $"random direction {k} ({PlaneNames.Name(d.Normalize ?? DirectionNormalization.Filter)}-normalised, seed {d.DirectionSeed ?? 0})";
    }

    /// <summary>A path drawn at its records' projections, with their distances and the surfaces' losses there.</summary>
    public static PathView Projected(PathView seed, IReadOnlyList<TrajectoryRecord> records, IReadOnlyList<RecordProjection> projections) => seed with
    {
        A = projections.Select(p => p.A).ToArray(),
        B = projections.Select(p => p.B).ToArray(),
        TrainLoss = records.Select(r => r.TrainLoss).ToArray(),
        Distance = projections.Select(p => p.Distance).ToArray(),
        SurfaceLoss = projections.Select(p => p.SurfaceLoss).ToArray(),
        SurfaceTrainLoss = projections.Select(p => p.SurfaceTrainLoss).ToArray(),
    };

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
        ArgumentNullException.ThrowIfNull(analysis);
        var kinds = analysis.CriticalPoints.GroupBy(p => p.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.First().KindName}{(g.Count() == 1 ? string.Empty : "s")}");
        var text = $"Analysis: {(analysis.CriticalPoints.Count == 0 ? "no critical points" : string.Join(", ", kinds))} on the grid";
        if (analysis.Trajectory.Count > 0)
        {
            var sharpest = analysis.Trajectory.MaxBy(p => p.Sharpness);
            var unstable = analysis.Trajectory.Count(p => p.Unstable);
            text += string.Create(
                CultureInfo.InvariantCulture,
                $"; sharpness up to {Short(sharpest.Sharpness)} (epoch {sharpest.Epoch}) against 2/lr = {Short(sharpest.StabilityLimit)}, {unstable} of {analysis.Trajectory.Count} records unstable for plain GD");
        }

        return text + ".";
    }

    /// <summary>Three decimals, or three significant digits with an exponent when that would show 0 or a long number (2/lr for lr 1e6 is 2e-6, not 0).</summary>
    private static string Short(double value) =>
        value.ToString(value == 0 || !double.IsFinite(value) || Math.Abs(value) is >= 1e-3 and < 1e6 ? "0.###" : "0.##e0", CultureInfo.InvariantCulture);

    public static async Task Export(FigureExporter exporter, string outDir, IReadOnlyList<(string Name, Figure Figure)> figures, IReadOnlyList<ImageFormat> formats, int width, int height, CancellationToken cancellationToken)
    {
        foreach (var (name, figure) in figures)
        {
            await exporter.ExportAsync(figure, Path.Combine(outDir, name), formats, width, height, cancellationToken).ConfigureAwait(false);
        }
    }
}
