namespace LossLandscape.Training;

/// <summary>How the network is trained. The defaults are the seed article's.</summary>
public sealed record TrainingOptions
{
    /// <summary>Number of passes over the training set.</summary>
    public int Epochs { get; init; } = 25;

    /// <summary>Minibatch size (the article's DataLoader uses 32; the last batch may be shorter).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Every step on the whole training set (full-batch gradient descent), whatever its size; overrides <see cref="BatchSize"/>.</summary>
    public bool FullBatch { get; init; }

    /// <summary>The minibatch size on <paramref name="trainingSetSize"/> pairs: the whole set under <see cref="FullBatch"/>.</summary>
    public int BatchFor(int trainingSetSize) => FullBatch ? trainingSetSize : BatchSize;

    /// <summary>Shuffle the training set before every epoch (as DataLoader(shuffle=True)).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the generator that shuffles the training set.</summary>
    public uint ShuffleSeed { get; init; } = 42;

    /// <summary>When to record.</summary>
    public RecordEvery Record { get; init; } = RecordEvery.Epoch;

    /// <summary>
    /// A loss above this, or any non-finite loss or weight, counts as divergence and stops the run.
    /// </summary>
    public double DivergenceLoss { get; init; } = 1e12;

    /// <summary>Optimizer steps per epoch on <paramref name="trainingSetSize"/> pairs (the last batch may be shorter).</summary>
    public long StepsPerEpoch(int trainingSetSize) => ((long)trainingSetSize + BatchFor(trainingSetSize) - 1) / Math.Max(BatchFor(trainingSetSize), 1);

    /// <summary>How many records a full run keeps: the start, then one per epoch or per step.</summary>
    public long RecordCount(int trainingSetSize) => 1 + (Record == RecordEvery.Step ? Epochs * StepsPerEpoch(trainingSetSize) : Epochs);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid value.</summary>
    public void Validate(int trainingSetSize)
    {
        if (Epochs < 0)
        {
            throw new InvalidOptionException("epochs", $"must be >= 0 (got {Epochs})");
        }

        if (!FullBatch && (BatchSize < 1 || BatchSize > trainingSetSize))
        {
            throw new InvalidOptionException("batch-size", $"must be between 1 and the training set size {trainingSetSize} (got {BatchSize})");
        }

        // Every record keeps the parameters and gets its own analysis and drawn point: bound them (Limits.MaxRecords).
        var stepsPerEpoch = StepsPerEpoch(trainingSetSize);
        var records = RecordCount(trainingSetSize);
        if (records > Limits.MaxRecords)
        {
            throw Record == RecordEvery.Step
                ? new InvalidOptionException("record", $"steps records the start and every step: {Epochs} epochs × {stepsPerEpoch} steps + 1 = {records} records; at most {Limits.MaxRecords} are allowed (at most {Limits.MaxRecords - 1} steps): record epochs, or train fewer epochs or with larger batches")
                : new InvalidOptionException("epochs", $"must be at most {Limits.MaxRecords - 1} (one record per epoch, at most {Limits.MaxRecords} records; got {Epochs})");
        }
    }
}
