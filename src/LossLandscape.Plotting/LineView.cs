namespace LossLandscape.Plotting;

/// <summary>
/// The losses along a line θ(α) = (1 − α)·θ_from + α·θ_to and the records projected onto it: what line.html draws.
/// </summary>
public sealed record LineView
{
    /// <summary>The α of each point of the curves, ascending.</summary>
    public required IReadOnlyList<double> Alpha { get; init; }

    /// <summary>The test loss at each α.</summary>
    public required IReadOnlyList<double> TestLoss { get; init; }

    /// <summary>The training loss at each α, or null when not computed.</summary>
    public IReadOnlyList<double>? TrainLoss { get; init; }

    /// <summary>What θ_from is (α = 0), e.g. "first record (epoch 0)" or a file name.</summary>
    public string FromLabel { get; init; } = "start";

    /// <summary>What θ_to is (α = 1), e.g. "last record (epoch 20)" or a file name.</summary>
    public string ToLabel { get; init; } = "end";

    /// <summary>The records projected onto the line, or null for none.</summary>
    public LineRecords? Records { get; init; }

    /// <summary>The path's name in hover, e.g. "SGD path".</summary>
    public string PathName { get; init; } = "path";
}

/// <summary>The records of a path projected onto a line: per record its α, when it was taken and its true losses.</summary>
public sealed record LineRecords
{
    /// <summary>Each record's projection α onto the line.</summary>
    public required IReadOnlyList<double> Alpha { get; init; }

    /// <summary>Epochs completed at each record.</summary>
    public required IReadOnlyList<int> Epochs { get; init; }

    /// <summary>Optimizer steps taken at each record.</summary>
    public required IReadOnlyList<int> Steps { get; init; }

    /// <summary>Each record's distance to the line, or null when not computed.</summary>
    public IReadOnlyList<double>? Distance { get; init; }

    /// <summary>Each record's true test loss.</summary>
    public required IReadOnlyList<double> TestLoss { get; init; }

    /// <summary>Each record's true training loss, or null.</summary>
    public IReadOnlyList<double>? TrainLoss { get; init; }
}

/// <summary>One contestant's records on a line of a race.</summary>
/// <param name="Label">The contestant's name, in the legend and hover.</param>
/// <param name="Color">Its colour; null draws the marks in the curves' colours (a single path).</param>
/// <param name="Records">Its records projected onto the line.</param>
public sealed record LineRun(string Label, string? Color, LineRecords Records);
