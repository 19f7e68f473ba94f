namespace LossLandscape.Planes;

/// <summary>
/// How to choose the plane (or, for <see cref="PlaneKind.Line"/>, the line) of a landscape. Options a plane does not
/// use stay null; setting one is an error that names it. Null options of a plane take the defaults below.
/// </summary>
public sealed record PlaneSpec
{
    /// <summary>The default seed of the random directions.</summary>
    public const uint DefaultDirectionSeed = 0;

    /// <summary>Which plane.</summary>
    public PlaneKind Kind { get; init; } = PlaneKind.Weights;

    /// <summary>Normalisation of random directions (random only; default filter).</summary>
    public DirectionNormalization? Normalize { get; init; }

    /// <summary>What directions do on biases (random and pca; default ignore).</summary>
    public BiasTreatment? Biases { get; init; }

    /// <summary>Seed of the random directions (random only; default 0).</summary>
    public uint? DirectionSeed { get; init; }

    /// <summary>The centre θ₀ (random and pca; default final).</summary>
    public CenterKind? Center { get; init; }

    /// <summary>The centre when <see cref="Center"/> is <see cref="CenterKind.Given"/>.</summary>
    public double[]? CenterVector { get; init; }

    /// <summary>Where a given centre came from (a file name), for directions.json.</summary>
    public string? CenterSource { get; init; }

    /// <summary>The three points I, J, K of a points plane.</summary>
    public IReadOnlyList<PlanePoint>? Points { get; init; }

    /// <summary>The start of a line (default the first record).</summary>
    public PlanePoint? From { get; init; }

    /// <summary>The end of a line (default the last record).</summary>
    public PlanePoint? To { get; init; }

    /// <summary>The normalisation in force: the given one or filter.</summary>
    public DirectionNormalization EffectiveNormalize => Normalize ?? DirectionNormalization.Filter;

    /// <summary>The bias treatment in force: the given one or ignore.</summary>
    public BiasTreatment EffectiveBiases => Biases ?? BiasTreatment.Ignore;

    /// <summary>The direction seed in force.</summary>
    public uint EffectiveDirectionSeed => DirectionSeed ?? DefaultDirectionSeed;

    /// <summary>The centre in force: the given one or final.</summary>
    public CenterKind EffectiveCenter => Center ?? CenterKind.Final;

    /// <summary>
    /// Checks that only the options this plane uses are set and that they fit together, before any work. Throws
    /// <see cref="InvalidOptionException"/> naming the field (<c>plane</c>, <c>normalize</c>, <c>biases</c>,
    /// <c>direction-seed</c>, <c>center</c>, <c>points</c>, <c>from</c>, <c>to</c>).
    /// </summary>
    public void Validate()
    {
        var name = PlaneNames.Name(Kind);
        var uses = Kind switch
        {
            PlaneKind.Weights => Array.Empty<string>(),
            PlaneKind.Random => ["normalize", "biases", "direction-seed", "center"],
            PlaneKind.Pca => ["biases", "center"],
            PlaneKind.Points => ["points"],
            PlaneKind.Line => ["from", "to"],
            _ => throw new InvalidOptionException("plane", $"unknown plane {Kind}"),
        };
        Refuse("normalize", Normalize is not null);
        Refuse("biases", Biases is not null);
        Refuse("direction-seed", DirectionSeed is not null);
        Refuse("center", Center is not null || CenterVector is not null);
        Refuse("points", Points is not null);
        Refuse("from", From is not null);
        Refuse("to", To is not null);

        if (Center == CenterKind.Given && CenterVector is null)
        {
            throw new InvalidOptionException("center", "a given centre needs its parameter vector");
        }

        if (Center is not CenterKind.Given && CenterVector is not null)
        {
            throw new InvalidOptionException("center", "a centre vector was given but the centre is not 'given'");
        }

        if (Kind == PlaneKind.Points && Points is not { Count: 3 })
        {
            throw new InvalidOptionException("points", $"the points plane takes exactly three points I,J,K; got {Points?.Count ?? 0}");
        }

        void Refuse(string option, bool set)
        {
            if (set && !uses.Contains(option))
            {
                throw new InvalidOptionException(option, uses.Length == 0
                    ? $"the {name} plane takes no {option}"
                    : $"the {name} plane does not use {option} (it takes {string.Join(", ", uses)})");
            }
        }
    }
}
