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

    /// <summary>Test loss at each record: the surface's value there, so the path lies on the surface.</summary>
    public required IReadOnlyList<double> Loss { get; init; }

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
}
