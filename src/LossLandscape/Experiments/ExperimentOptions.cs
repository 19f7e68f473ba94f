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

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        Data.Validate();
        Optimizer.Validate();
        if (Hidden < 1)
        {
            throw new InvalidOptionException("hidden", $"must be at least 1 (got {Hidden})");
        }

        if (!double.IsFinite(InitW1) || !double.IsFinite(InitW2))
        {
            throw new InvalidOptionException("init", "must be two finite numbers W1,W2");
        }

        Training.Validate(TrainTestSplit.Sizes(Data.Samples, Data.TestFraction).Train);
        if ((long)W1.Count * W2.Count > SurfaceEvaluator.MaxPoints)
        {
            throw new InvalidOptionException("w1", $"the w1 × w2 grid has {(long)W1.Count * W2.Count} points; at most {SurfaceEvaluator.MaxPoints} are allowed");
        }
    }
}
