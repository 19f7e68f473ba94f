namespace LossLandscape.Plotting;

/// <summary>Options shared by the landscape (3-D) and contour (2-D) views.</summary>
public sealed record ViewOptions
{
    /// <summary>Width in pixels.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Height in pixels.</summary>
    public int Height { get; init; } = 800;

    /// <summary>Draw log10 of the loss instead of the loss, for surfaces whose range hides detail.</summary>
    public bool LogLoss { get; init; }

    /// <summary>Add a play button and a slider that grow the paths record by record.</summary>
    public bool Animate { get; init; } = true;

    /// <summary>Most animation frames; longer paths advance several records per frame.</summary>
    public int MaxFrames { get; init; } = 150;

    /// <summary>Title of the 3-D view.</summary>
    public string LandscapeTitle { get; init; } = "Loss Surface";

    /// <summary>Title of the contour view.</summary>
    public string ContourTitle { get; init; } = "Loss Contours";

    /// <summary>Show legend entries for the paths.</summary>
    public bool ShowPathLegend { get; init; }

    /// <summary>
    /// One colour for every critical-point marker, or null for each kind's own colour; races use one neutral colour so
    /// that no marker is taken for a contestant's path (the kinds differ by symbol and label).
    /// </summary>
    public string? CriticalPointColor { get; init; }

    /// <summary>The name of the height shown: "Loss" or "log10 Loss".</summary>
    public string ZTitle => LogLoss ? "log10 Loss" : "Loss";
}
