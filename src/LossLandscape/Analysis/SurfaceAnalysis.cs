using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Analysis;

/// <summary>What the analysis found: critical points, the valley floor and the curvature along the trajectory.</summary>
public sealed class SurfaceAnalysis
{
    /// <summary>Samples of the valley floor across the grid's first axis.</summary>
    public const int ValleySamples = 401;

    /// <summary>Critical points (and edge minima), minima first.</summary>
    public required IReadOnlyList<CriticalPoint> CriticalPoints { get; init; }

    /// <summary>The valley floor across the grid, or empty when the loss is not quadratic in the second coordinate.</summary>
    public required IReadOnlyList<ValleyPoint> Valley { get; init; }

    /// <summary>Curvature at each record of the trajectory (empty when none was given).</summary>
    public required IReadOnlyList<CurvaturePoint> Trajectory { get; init; }

    /// <summary>Name of the first coordinate.</summary>
    public required string Axis1Name { get; init; }

    /// <summary>Name of the second coordinate.</summary>
    public required string Axis2Name { get; init; }

    /// <summary>Hidden units of the seed's network; 0 when the analysis is of another model or plane (<see cref="ModelPlaneCalculus"/>).</summary>
    public required int Hidden { get; init; }

    /// <summary>What the plane is, in words (<see cref="Planes.PlaneDescription"/>); null for the seed's weights plane.</summary>
    public string? PlaneDescription { get; init; }

    /// <summary>How the Hessian was computed (<see cref="IPlaneCalculus.HessianMethod"/>).</summary>
    public string HessianMethod { get; init; } = "exact (analytic)";

    /// <summary>
    /// The analysis of a surface on any plane from <paramref name="calculus"/> (e.g. a <see cref="ModelPlaneCalculus"/>):
    /// critical points and the curvature along the trajectory; the valley floor only where the calculus has its closed
    /// form (the seed's network on a plane that separates its layers). <paramref name="planeDescription"/> says what the
    /// plane is for analysis.json.
    /// </summary>
    public static SurfaceAnalysis Analyze(IPlaneCalculus calculus, LossSurface surface, IReadOnlyList<TrajectoryRecord>? records, string? planeDescription = null)
    {
        ArgumentNullException.ThrowIfNull(calculus);
        ArgumentNullException.ThrowIfNull(surface);
        var exact = calculus as PlaneCalculus;
        var valley = exact is { SeparatesLayers: true }
            ? Analysis.Valley.Trace(exact, Analysis.Valley.Samples(surface.Axis1[0], surface.Axis1[surface.Axis1.Count - 1], ValleySamples))
            : [];
        return new SurfaceAnalysis
        {
            CriticalPoints = CriticalPointFinder.Find(calculus, surface),
            Valley = valley,
            Trajectory = records is null ? [] : TrajectoryCurvature.Compute(calculus, records),
            Axis1Name = surface.Axis1Name,
            Axis2Name = surface.Axis2Name,
            Hidden = exact?.Network.Hidden ?? 0,
            HessianMethod = calculus.HessianMethod,
            PlaneDescription = planeDescription,
        };
    }

    /// <summary>
    /// Runs the whole analysis of a surface over <paramref name="data"/> (the set the surface's loss is taken on) by the
    /// seed network's exact <see cref="PlaneCalculus"/>.
    /// </summary>
    public static SurfaceAnalysis Analyze(
        ISeedNetwork network,
        SurfacePlane plane,
        LossSurface surface,
        RegressionSet data,
        IReadOnlyList<TrajectoryRecord>? records) =>
        Analyze(new PlaneCalculus(network, plane, data), surface, records);
}
