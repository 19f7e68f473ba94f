using LossLandscape.Surface;

namespace LossLandscape.Analysis;

/// <summary>The loss on a plane with its gradient and Hessian in the plane's coordinates: what the analysis works from.</summary>
public interface IPlaneCalculus
{
    /// <summary>The plane.</summary>
    SurfacePlane Plane { get; }

    /// <summary>The loss, gradient and Hessian at (a, b).</summary>
    PlaneDerivatives Evaluate(double a, double b);

    /// <summary>The curvature in parameter space along the plane (eigenvalues of G⁻¹H, G the directions' Gram matrix).</summary>
    (double Low, double High) CurvatureEigenvalues(in PlaneDerivatives derivatives);

    /// <summary>
    /// How many grid candidates the critical-point search refines with Newton's method: many where an evaluation is
    /// cheap (the seed's closed form), few where each one costs full passes over the data.
    /// </summary>
    int CandidateBudget => CriticalPointFinder.MaxCandidates;

    /// <summary>
    /// Newton iterations per candidate. Where each evaluation costs a pass over the data, the search also starts Newton
    /// from the stationary point of a quadratic fitted to the grid around the candidate and skips a candidate whose start
    /// lies next to a point already found (see <see cref="CriticalPointFinder"/>).
    /// </summary>
    int NewtonIterations => CriticalPointFinder.MaxIterations;

    /// <summary>How the Hessian is computed, for analysis.json.</summary>
    string HessianMethod => "exact (analytic)";
}
