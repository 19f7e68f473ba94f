using System.Globalization;

namespace LossLandscape.Curvature;

/// <summary>Which loss the curvature is of.</summary>
public enum CurvatureLoss
{
    /// <summary>The training loss (the one being optimised).</summary>
    Train,

    /// <summary>The test loss.</summary>
    Test,
}

/// <summary>
/// What the curvature analysis computes and how precisely. Option names in errors are the command line's without dashes:
/// <c>curvature-loss</c>, <c>top-k</c>, <c>tolerance</c>, <c>iterations</c>, <c>probes</c>, <c>density-probes</c>,
/// <c>density-steps</c>, <c>density-points</c>, <c>density-width</c>.
/// </summary>
public sealed record CurvatureSettings
{
    /// <summary>The most eigenvalues <see cref="Top"/> may ask for.</summary>
    public const int MaxTop = 100;

    /// <summary>The loss whose Hessian is analysed (training by default).</summary>
    public CurvatureLoss Loss { get; init; } = CurvatureLoss.Train;

    /// <summary>Number of largest eigenvalues (k of the top-k).</summary>
    public int Top { get; init; } = 1;

    /// <summary>Relative residual tolerance of the eigenvalues, in (0, 1).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Most Lanczos steps (Hessian-vector products) per eigenvalue computation.</summary>
    public int Iterations { get; init; } = 300;

    /// <summary>Whether to estimate the trace (Hutchinson).</summary>
    public bool Trace { get; init; } = true;

    /// <summary>Rademacher probe vectors for Hutchinson's trace.</summary>
    public int Probes { get; init; } = 100;

    /// <summary>Whether to estimate the spectral density (stochastic Lanczos quadrature).</summary>
    public bool Density { get; init; }

    /// <summary>Probe vectors of the spectral density.</summary>
    public int DensityProbes { get; init; } = 10;

    /// <summary>Lanczos steps per probe of the spectral density.</summary>
    public int DensitySteps { get; init; } = 80;

    /// <summary>Grid points of the spectral density.</summary>
    public int DensityPoints { get; init; } = 1000;

    /// <summary>Gaussian broadening as a fraction of the spectrum's span, in (0, 1).</summary>
    public double DensityWidth { get; init; } = 0.01;

    /// <summary>Also analyse each layer's diagonal block.</summary>
    public bool PerLayer { get; init; }

    /// <summary>Also compute the exact spectrum when the model has at most <see cref="DenseHessian.MaxParameters"/> parameters.</summary>
    public bool Exact { get; init; } = true;

    /// <summary>Seed of every random vector (Lanczos start, probes).</summary>
    public int Seed { get; init; }

    /// <summary>Every problem with the settings, each naming its option; empty when they are valid.</summary>
    public IReadOnlyList<InvalidOptionException> Validate()
    {
        var errors = new List<InvalidOptionException>();
        if (!Enum.IsDefined(Loss))
        {
            errors.Add(new InvalidOptionException("curvature-loss", $"must be train or test (got {(int)Loss})"));
        }

        AtLeast(errors, "top-k", Top, 1, MaxTop);
        if (!(Tolerance > 0 && Tolerance < 1))
        {
            errors.Add(new InvalidOptionException("tolerance", $"must be in (0, 1) (got {Format(Tolerance)})"));
        }

        AtLeast(errors, "iterations", Iterations, 1, 100_000);
        AtLeast(errors, "probes", Probes, 1, 100_000);
        AtLeast(errors, "density-probes", DensityProbes, 1, 10_000);
        AtLeast(errors, "density-steps", DensitySteps, 1, 100_000);
        AtLeast(errors, "density-points", DensityPoints, 2, 1_000_000);
        if (!(DensityWidth > 0 && DensityWidth < 1))
        {
            errors.Add(new InvalidOptionException("density-width", $"must be in (0, 1) (got {Format(DensityWidth)})"));
        }

        return errors;
    }

    /// <summary>Throws the first error of <see cref="Validate"/>, if any.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw errors[0];
        }
    }

    /// <summary>
    /// The problems of using these settings on a model of <paramref name="parameters"/> parameters: top-k above the
    /// parameter count (<c>top-k</c>).
    /// </summary>
    public IReadOnlyList<InvalidOptionException> ValidateFor(int parameters)
    {
        var errors = new List<InvalidOptionException>(Validate());
        if (Top > parameters)
        {
            errors.Add(new InvalidOptionException("top-k", $"must be at most the model's {parameters} parameters (got {Top})"));
        }

        return errors;
    }

    private static void AtLeast(List<InvalidOptionException> errors, string option, int value, int low, int high)
    {
        if (value < low || value > high)
        {
            errors.Add(new InvalidOptionException(option, $"must be an integer from {low} to {high} (got {value})"));
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
