using LossLandscape.Landscape;
using LossLandscape.Models;
using LossLandscape.Platform;
using LossLandscape.Plotting.Export;
using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>accuracy.html (and its images when asked): a classifier's test accuracy on the plane, for <c>--surface accuracy</c>.</summary>
public static class AccuracyView
{
    /// <summary>Writes the view when the run computed an accuracy surface; returns the names written (none otherwise).</summary>
    public static IReadOnlyList<string> Write(string outDir, LandscapeResult result, string pathName, ViewOptions options, PlotlyJsMode mode, IReadOnlyList<ImageFormat> formats, FigureExporter? exporter, CancellationToken cancellationToken)
    {
        if ((result.Slice as LandscapeSlice.OnPlane)?.Surfaces.Accuracy is not { } accuracy || result.Model.Capability<IClassifier>() is not { } classifier)
        {
            return [];
        }

        var single = result.Paths[0];
        var records = single.Records;
        var path = new PathView
        {
            Name = pathName,
            A = single.Projections.Select(p => p.A).ToArray(),
            B = single.Projections.Select(p => p.B).ToArray(),
            Loss = records.Select(r => classifier.Accuracy(r.Parameters, result.Test.X, result.Test.Y)).ToArray(),
            Epochs = records.Select(r => r.Epoch).ToArray(),
            Steps = records.Select(r => r.Step).ToArray(),
        };
        var drawn = SurfaceThinning.Thin(accuracy, RunViews.MaxFigurePoints);
        var (title1, title2) = RunViews.AxisTitles(result.Directions);
        var figure = AccuracyFigure.Build(drawn, title1, title2, path, options);
        AtomicFile.Write(Path.Combine(outDir, "accuracy.html"), stream => HtmlPage.Write(stream, AccuracyFigure.Title, mode, figure));
        var files = new List<string> { "accuracy.html" };
        if (formats.Count > 0 && exporter is not null)
        {
            var still = AccuracyFigure.Build(drawn, title1, title2, path, options with { Animate = false });
            RunViews.Export(exporter, outDir, [("accuracy", still)], formats, options.Width, options.Height, cancellationToken).GetAwaiter().GetResult();
            files.AddRange(formats.Select(x => $"accuracy.{FigureExporter.Word(x)}"));
        }

        return files;
    }
}
