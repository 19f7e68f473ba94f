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
}
