using System.Globalization;
using LossLandscape.Curvature;
using LossLandscape.Landscape;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>
/// The full Hessian's part of a run's views: the sharpness surface among the plane's surfaces with the path
/// drawn at each record's λmax, the charts along the path and the spectral density, and the console's summary.
/// </summary>
public static class RunCurvatureViews
{
    /// <summary>The drawn plane with the sharpness surface (thinned like the others) after the loss surfaces, when computed.</summary>
    public static PlaneView WithSharpness(PlaneView drawn, CurvatureResult? curvature, int maxPerAxis)
    {
        ArgumentNullException.ThrowIfNull(drawn);
        return curvature?.Map is { } map
            ? drawn with { Surfaces = [.. drawn.Surfaces, new PlaneSurface(SurfaceQuantities.Sharpness, SurfaceThinning.Thin(map.Surface, maxPerAxis))] }
            : drawn;
    }

    /// <summary>The path with each record's λmax and, on a plane that does not hold it, λmax at its projection.</summary>
    public static PathView WithSharpness(PathView path, CurvatureResult? curvature, PlaneKind kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (curvature?.RecordSharpness is not { } records)
        {
            return path;
        }

        return path with { Sharpness = records, SurfaceSharpness = kind == PlaneKind.Weights ? null : curvature.ProjectionSharpness };
    }

    /// <summary>What the full-Hessian charts draw of the run, or null without <c>--curvature</c>.</summary>
    public static HessianPathView? PathView(LandscapeResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Paths[0].Curvature?.Path is not { } trace)
        {
            return null;
        }

        var records = result.Paths[0].Records;
        return new HessianPathView(name, trace, records.Select(r => (double)r.Step).ToArray(), records.Select(r => r.TrainLoss).ToArray());
    }

    /// <summary>The charts under the contour view, in order: λmax (top-k) with the limit and the loss, the trace, the density.</summary>
    public static IReadOnlyList<(string Name, Figure Figure)> Charts(CurvatureResult? curvature, HessianPathView? view, int width)
    {
        var charts = new List<(string, Figure)>();
        if (view is null || curvature is null)
        {
            return charts;
        }

        charts.Add(("hessian", FullHessianFigure.Sharpness(view, width)));
        if (FullHessianFigure.Trace(view, width) is { } trace)
        {
            charts.Add(("hessian-trace", trace));
        }

        if (curvature.Final is { Density: { } density } final)
        {
            var loss = curvature.Settings.Loss == Curvature.CurvatureLoss.Test ? "test" : "training";
            var last = view.Trace.Records[^1];
            var subtitle = string.Create(CultureInfo.InvariantCulture, $"Hessian of the {loss} loss at step {last.Step}; {final.Parameters} parameters; mean of the density {density.Mean:G5} (trace / parameters {(final.ExactTrace ?? final.Trace?.Value ?? double.NaN) / final.Parameters:G5})");
            charts.Add(("spectrum", FullHessianFigure.Density(density, final.Top.Values, final.ExactSpectrum, subtitle, width)));
        }

        return charts;
    }

    /// <summary>The contour view of the sharpness surface alone with the path, for its own image; null without a map.</summary>
    public static Figure? SharpnessMap(PlaneView drawn, PathView path, ViewOptions still)
    {
        ArgumentNullException.ThrowIfNull(drawn);
        var layer = drawn.Surfaces.FirstOrDefault(s => s.Kind == SurfaceQuantities.Sharpness);
        return layer is null ? null : LandscapeViews.Contour(drawn with { Surfaces = [layer] }, [path], [], [], still with { ContourTitle = "Sharpness map: λmax of the full Hessian at every point of the plane" });
    }

    /// <summary>One line on the full Hessian for the console, or null.</summary>
    public static string? Summary(CurvatureResult? curvature)
    {
        if (curvature is null)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (curvature.Path is { } path && path.Records.Where(r => double.IsFinite(r.Sharpness)).MaxBy(r => r.Sharpness) is { } top)
        {
            var last = path.Records[^1];
            var limit = top.StabilityLimit is { } l ? string.Create(inv, $" against a limit of {l:G4}") : " (no limit on λmax applies to this optimizer)";
            parts.Add(string.Create(inv, $"λmax of the full Hessian up to {top.Sharpness:G6} (step {top.Step}){limit}, {last.Sharpness:G6} at the end; {path.Records.Count} records in {curvature.PathSeconds:0.00} s"));
            if (path.Records.Where(r => r.PreconditionedSharpness is { } p && double.IsFinite(p)).MaxBy(r => r.PreconditionedSharpness) is { PreconditionedLimit: { } adaptiveLimit } adaptive)
            {
                parts.Add(string.Create(inv, $"Adam's preconditioned sharpness λmax(P⁻¹H) up to {adaptive.PreconditionedSharpness:G6} (step {adaptive.Step}) against its limit (2 + 2β₁)/((1 − β₁)·lr) = {adaptiveLimit:G4}"));
            }

        }

        if (curvature.Map is { } map)
        {
            parts.Add(string.Create(inv, $"sharpness map {map.Surface.Axis1.Count} × {map.Surface.Axis2.Count} in {map.Seconds:0.00} s{(map.Converged ? string.Empty : " (some points did not converge or are not finite)")}"));
        }

        return parts.Count == 0 ? null : "Curvature: " + string.Join("; ", parts) + ".";
    }
}
