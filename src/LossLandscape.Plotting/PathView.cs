using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>A trajectory as drawn: plane coordinates, the loss at each record, and how to style it.</summary>
public sealed record PathView
{
    /// <summary>Legend name.</summary>
    public required string Name { get; init; }

    /// <summary>First plane coordinate of each record (w1 for the article).</summary>
    public required IReadOnlyList<double> A { get; init; }

    /// <summary>Second plane coordinate of each record (w2 for the article).</summary>
    public required IReadOnlyList<double> B { get; init; }

    /// <summary>
    /// The true test loss at each record (on the weights plane, which holds every record, also the surface's value there).
    /// </summary>
    public required IReadOnlyList<double> Loss { get; init; }

    /// <summary>The true training loss at each record; needed to draw the path over a training or gap surface.</summary>
    public IReadOnlyList<double>? TrainLoss { get; init; }

    /// <summary>
    /// Each record's distance ‖θ − (θ₀ + a·d₁ + b·d₂)‖ to the plane it is projected on (A, B are its projection), or
    /// null on the weights plane, which holds every record.
    /// </summary>
    public IReadOnlyList<double>? Distance { get; init; }

    /// <summary>The test surface's loss at each record's projection (A, B), or null where it is <see cref="Loss"/>.</summary>
    public IReadOnlyList<double>? SurfaceLoss { get; init; }

    /// <summary>The training surface's loss at each record's projection, or null where it is <see cref="TrainLoss"/>.</summary>
    public IReadOnlyList<double>? SurfaceTrainLoss { get; init; }

    /// <summary>λmax of the full Hessian at each record (NaN where not computed); needed to draw the path over a sharpness surface.</summary>
    public IReadOnlyList<double>? Sharpness { get; init; }

    /// <summary>λmax at each record's projection onto the plane, or null where it is <see cref="Sharpness"/>.</summary>
    public IReadOnlyList<double>? SurfaceSharpness { get; init; }

    /// <summary>Epochs completed at each record.</summary>
    public required IReadOnlyList<int> Epochs { get; init; }

    /// <summary>Optimizer steps taken at each record.</summary>
    public required IReadOnlyList<int> Steps { get; init; }

    /// <summary>Line colour.</summary>
    public string LineColor { get; init; } = "red";

    /// <summary>Marker colour.</summary>
    public string MarkerColor { get; init; } = "yellow";

    /// <summary>Line width.</summary>
    public double LineWidth { get; init; } = 2;

    /// <summary>Marker size.</summary>
    public double MarkerSize { get; init; } = 4;

    /// <summary>Fill colour of the start marker in the contour view.</summary>
    public string StartMarkerColor { get; init; } = "#00cc96";

    /// <summary>Fill colour of the end marker in the contour view.</summary>
    public string EndMarkerColor { get; init; } = "#ffffff";

    /// <summary>Set when the run diverged: said in the legend and at the last point.</summary>
    public string? DivergedNote { get; init; }

    /// <summary>Whether the records are projected onto the plane (they have a distance to it).</summary>
    public bool IsProjected => Distance is not null;

    /// <summary>The records at <paramref name="indices"/> (in that order), every per-record list cut alike.</summary>
    public PathView Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return this with
        {
            A = Pick(A, indices)!,
            B = Pick(B, indices)!,
            Loss = Pick(Loss, indices)!,
            Epochs = indices.Select(i => Epochs[i]).ToArray(),
            Steps = indices.Select(i => Steps[i]).ToArray(),
            TrainLoss = Pick(TrainLoss, indices),
            Distance = Pick(Distance, indices),
            SurfaceLoss = Pick(SurfaceLoss, indices),
            SurfaceTrainLoss = Pick(SurfaceTrainLoss, indices),
            Sharpness = Pick(Sharpness, indices),
            SurfaceSharpness = Pick(SurfaceSharpness, indices),
        };
    }

    /// <summary>The true loss of <paramref name="kind"/> at each record (the gap is test − train).</summary>
    public IReadOnlyList<double> TrueLoss(SurfaceQuantities kind) => kind switch
    {
        SurfaceQuantities.Test => Loss,
        SurfaceQuantities.Train => TrainLoss ?? throw MissingTrainLoss(),
        SurfaceQuantities.Gap => Difference(Loss, TrainLoss ?? throw MissingTrainLoss()),
        SurfaceQuantities.Sharpness => Sharpness ?? throw new ArgumentException($"path '{Name}' has no Sharpness, which a sharpness surface needs to draw it", nameof(kind)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The surface of <paramref name="kind"/> at each record's projection (the true loss where not projected).</summary>
    public IReadOnlyList<double> LossAtProjection(SurfaceQuantities kind) => kind switch
    {
        SurfaceQuantities.Test => SurfaceLoss ?? Loss,
        SurfaceQuantities.Train => SurfaceTrainLoss ?? TrainLoss ?? throw MissingTrainLoss(),
        SurfaceQuantities.Gap => Difference(SurfaceLoss ?? Loss, SurfaceTrainLoss ?? TrainLoss ?? throw MissingTrainLoss()),
        SurfaceQuantities.Sharpness => SurfaceSharpness ?? TrueLoss(SurfaceQuantities.Sharpness),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static double[]? Pick(IReadOnlyList<double>? values, IReadOnlyList<int> indices) =>
        values is null ? null : indices.Select(i => values[i]).ToArray();

    private static double[] Difference(IReadOnlyList<double> test, IReadOnlyList<double> train) =>
        test.Zip(train, (t, r) => t - r).ToArray();

    private ArgumentException MissingTrainLoss() =>
        new($"path '{Name}' has no TrainLoss, which a training or gap surface needs to draw it", nameof(TrainLoss));
}
