using LossLandscape.Data;
using LossLandscape.Optim;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>Everything the seed experiment needs. The defaults are the article's.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The data and the split.</summary>
    public DataOptions Data { get; init; } = new();

    /// <summary>Hidden tanh units (the article has one: two weights).</summary>
    public int Hidden { get; init; } = 1;

    /// <summary>The optimizer.</summary>
    public OptimizerSettings Optimizer { get; init; } = new();

    /// <summary>Epochs, batch size, shuffling, recording.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Initial hidden weight(s).</summary>
    public double InitW1 { get; init; } = -1.0;

    /// <summary>Initial output weight(s).</summary>
    public double InitW2 { get; init; } = -1.0;

    /// <summary>Grid over w1 (numpy.arange semantics).</summary>
    public GridAxis W1 { get; init; } = new(-2, 2, 0.05);

    /// <summary>Grid over w2.</summary>
    public GridAxis W2 { get; init; } = new(-2, 2, 0.05);

    /// <summary>Grow the grid (same step) when the trajectory leaves it.</summary>
    public bool ExtendGrid { get; init; } = true;

    /// <summary>Throws <see cref="InvalidOptionException"/> naming the first value outside its range (see <see cref="Limits"/>).</summary>
    public void Validate()
    {
        Data.Validate();
        Optimizer.Validate();
        if (Hidden < 1 || Hidden > Limits.MaxHidden)
        {
            throw new InvalidOptionException("hidden", $"must be between 1 and {Limits.MaxHidden} (got {Hidden})");
        }

        var weights = $"between -{Limits.Text(Limits.MaxAbsWeight)} and {Limits.Text(Limits.MaxAbsWeight)}";
        if (!(Math.Abs(InitW1) <= Limits.MaxAbsWeight && Math.Abs(InitW2) <= Limits.MaxAbsWeight))
        {
            throw new InvalidOptionException("init", $"must be two numbers W1,W2 {weights} (got {InitW1.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},{InitW2.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
        }

        foreach (var (name, axis) in new[] { ("w1", W1), ("w2", W2) })
        {
            if (!(Math.Abs(axis.Start) <= Limits.MaxAbsWeight && Math.Abs(axis.Stop) <= Limits.MaxAbsWeight))
            {
                throw new InvalidOptionException(name, $"start and stop must be {weights} (got {axis})");
            }
        }

        var trainingSetSize = TrainTestSplit.Sizes(Data.Samples, Data.TestFraction).Train;
        Training.Validate(trainingSetSize);
        var records = Training.RecordCount(trainingSetSize);
        if (records * 2 * Hidden > Limits.MaxRecordedValues)
        {
            throw new InvalidOptionException("hidden", $"{Hidden} hidden units ({2 * Hidden} parameters) over {records} records keep {records * 2 * Hidden} numbers; at most {Limits.MaxRecordedValues} are allowed: fewer units, epochs or records");
        }
        if ((long)W1.Count * W2.Count > SurfaceEvaluator.MaxPoints)
        {
            throw new InvalidOptionException("w1", $"the w1 × w2 grid has {(long)W1.Count * W2.Count} points; at most {SurfaceEvaluator.MaxPoints} are allowed");
        }
    }
}
