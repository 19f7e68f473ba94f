using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>The contour view of a classifier's test accuracy on the plane, with the path at its records' accuracy.</summary>
public static class AccuracyFigure
{
    /// <summary>The axis and colour-bar title of the accuracy.</summary>
    public const string Title = "Test accuracy";

    /// <summary>
    /// Builds the view: <paramref name="accuracy"/> as filled contours (no critical points: the accuracy is piecewise
    /// constant), the path drawn at its plane coordinates with each record's test accuracy in the hover text.
    /// </summary>
    public static Figure Build(LossSurface accuracy, string? axis1Title, string? axis2Title, PathView path, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var plane = new PlaneView { Surfaces = [new PlaneSurface(SurfaceQuantities.Test, accuracy)], Axis1Title = axis1Title, Axis2Title = axis2Title };
        return ContourFigure.Build([new DrawnSurface(SurfaceQuantities.Test, accuracy, Title)], plane.Axis1Label, plane.Axis2Label, [path], [], [], options with { ContourTitle = Title, LogLoss = false });
    }

    /// <summary>
    /// The race's accuracy view: as <see cref="Build"/>, with every contestant's path in its race colour
    /// (<see cref="CompareFigure.ColorOf"/>), each record's test accuracy in the hover text.
    /// </summary>
    /// <param name="accuracy">The test accuracy on the plane.</param>
    /// <param name="axis1Title">What d₁ is, or null.</param>
    /// <param name="axis2Title">What d₂ is, or null.</param>
    /// <param name="paths">The contestants in order, each at its records' test accuracy (in <see cref="PathView.Loss"/>).</param>
    /// <param name="options">Size and animation.</param>
    public static Figure BuildRace(LossSurface accuracy, string? axis1Title, string? axis2Title, IReadOnlyList<PathView> paths, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var plane = new PlaneView { Surfaces = [new PlaneSurface(SurfaceQuantities.Test, accuracy)], Axis1Title = axis1Title, Axis2Title = axis2Title };
        var coloured = paths.Select((path, k) => path with
        {
            LineColor = CompareFigure.ColorOf(k),
            MarkerColor = CompareFigure.ColorOf(k),
            EndMarkerColor = CompareFigure.ColorOf(k),
            StartMarkerColor = "#ffffff",
            LineWidth = 3,
            MarkerSize = 3,
        }).ToArray();
        return ContourFigure.Build([new DrawnSurface(SurfaceQuantities.Test, accuracy, Title)], plane.Axis1Label, plane.Axis2Label, coloured, [], [], options with { ContourTitle = "Optimizer race: " + Title.ToLowerInvariant(), LogLoss = false, ShowPathLegend = true });
    }
}
