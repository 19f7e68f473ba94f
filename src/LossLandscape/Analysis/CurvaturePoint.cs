namespace LossLandscape.Analysis;

/// <summary>The loss's slope and curvature at one record of a trajectory.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Step">Optimizer steps taken.</param>
/// <param name="A">First plane coordinate (w1).</param>
/// <param name="B">Second plane coordinate (w2).</param>
/// <param name="Loss">The exact loss there.</param>
/// <param name="GradientNorm">Norm of the exact gradient in plane coordinates.</param>
/// <param name="Eigenvalue1">The Hessian's smaller eigenvalue (plane coordinates).</param>
/// <param name="Eigenvalue2">The Hessian's larger eigenvalue.</param>
/// <param name="Sharpness">The largest curvature in parameter space along the plane (λmax; equals Eigenvalue2 on the article's plane).</param>
/// <param name="LearningRate">The learning rate in force.</param>
public readonly record struct CurvaturePoint(
    int Epoch,
    int Step,
    double A,
    double B,
    double Loss,
    double GradientNorm,
    double Eigenvalue1,
    double Eigenvalue2,
    double Sharpness,
    double LearningRate)
{
    /// <summary>2/η: plain gradient descent is unstable where the sharpness exceeds it.</summary>
    public double StabilityLimit => 2 / LearningRate;

    /// <summary>True where λmax &gt; 2/η.</summary>
    public bool Unstable => Sharpness > StabilityLimit;
}
