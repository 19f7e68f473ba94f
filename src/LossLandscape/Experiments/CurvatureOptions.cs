using LossLandscape.Curvature;

namespace LossLandscape.Experiments;

/// <summary>
/// The full Hessian's curvature a run asks for: along the path (<c>--curvature every|N</c>) and what to compute there.
/// A value left null was not given (the default applies); the pipeline refuses options that nothing uses.
/// </summary>
public sealed record CurvatureOptions
{
    /// <summary>Default number of Hutchinson probe vectors.</summary>
    public const int DefaultProbes = 100;

    /// <summary>When along the path λmax is computed (<c>--curvature</c>); null for not along the path.</summary>
    public CurvatureSchedule? Schedule { get; init; }

    /// <summary>Number of top eigenvalues (<c>--curvature-top</c>, default 1).</summary>
    public int? Top { get; init; }

    /// <summary>Hutchinson's trace along the path (<c>--curvature-trace</c>).</summary>
    public bool Trace { get; init; }

    /// <summary>Rademacher probe vectors of the trace (<c>--probes</c>, default <see cref="DefaultProbes"/>).</summary>
    public int? Probes { get; init; }

    /// <summary>Relative residual tolerance of the eigenvalues (<c>--curvature-tolerance</c>, default 1e-6).</summary>
    public double? Tolerance { get; init; }

    /// <summary>Which loss (<c>--curvature-loss</c>, default the training loss).</summary>
    public CurvatureLoss? Loss { get; init; }

    /// <summary>Each layer's block at the final record too (<c>--per-layer</c>).</summary>
    public bool PerLayer { get; init; }

    /// <summary>True when any option was given.</summary>
    public bool Any => Schedule is not null || Top is not null || Trace || Probes is not null || Tolerance is not null || Loss is not null || PerLayer;

    /// <summary>The core's settings along the path (no density, no dense spectrum: those are for the final record).</summary>
    public CurvatureSettings PathSettings() => new()
    {
        Loss = Loss ?? CurvatureLoss.Train,
        Top = Top ?? 1,
        Tolerance = Tolerance ?? 1e-6,
        Trace = Trace,
        Probes = Probes ?? DefaultProbes,
        Exact = false,
    };

    /// <summary>The settings at the final record: the path's, with the spectral density, per-layer blocks and, for small models, the exact spectrum.</summary>
    public CurvatureSettings FinalSettings() => PathSettings() with { Density = true, PerLayer = PerLayer, Exact = true };

    /// <summary>The command line's name of a field the core's <see cref="CurvatureSettings"/> names.</summary>
    public static string OptionName(string field) => field switch
    {
        "top-k" => "curvature-top",
        "tolerance" => "curvature-tolerance",
        _ => field,
    };
}
