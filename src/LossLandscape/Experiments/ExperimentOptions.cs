using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>Everything the seed experiment needs. The defaults are the article's.</summary>
public sealed partial record ExperimentOptions
{
    /// <summary>The data and the split.</summary>
    public DataOptions Data { get; init; } = new();

    /// <summary>Hidden tanh units of the seed's 1,N,1 network (the article has one: two weights); null when <see cref="Model"/> says.</summary>
    public int? Hidden { get; init; }

    /// <summary>The network (sizes, activation, biases); null for the seed's 1,<see cref="Hidden"/>,1 tanh network without biases.</summary>
    public MlpSpec? Model { get; init; }

    /// <summary>The model in force: <see cref="Model"/>, or the seed's 1,N,1 tanh network.</summary>
    public MlpSpec ModelSpec => Model ?? MlpSpec.Seed(Hidden ?? 1);

    /// <summary>True when <see cref="InitW1"/>, <see cref="InitW2"/> were given (the seed's start is the default only for the seed's network).</summary>
    public bool InitGiven { get; init; }

    /// <summary>Seed of PyTorch's default initialisation (default 0 for models other than the seed's).</summary>
    public uint? InitSeed { get; init; }

    /// <summary>The start read from a weights file: <c>FILE.npy[:ROW]</c> or a JSON array.</summary>
    public string? InitWeights { get; init; }

    /// <summary>The start given outright (library callers); the model's parameter count.</summary>
    public IReadOnlyList<double>? InitVector { get; init; }

    /// <summary>The plane (or line); null for the default: weights for a 1,N,1 network without biases, else random.</summary>
    public PlaneSpec? Plane { get; init; }

    /// <summary>A saved directions.json to reuse instead of building a plane.</summary>
    public string? Directions { get; init; }

    /// <summary>Grid along d₁ for planes other than weights (default per plane).</summary>
    public GridAxis? ARange { get; init; }

    /// <summary>Grid along d₂ for planes other than weights (default per plane).</summary>
    public GridAxis? BRange { get; init; }

    /// <summary>The α values of a line (default -0.5:1.5:0.01).</summary>
    public GridAxis? Alpha { get; init; }

    /// <summary>True when <see cref="W1"/> or <see cref="W2"/> were given (only the weights plane uses them).</summary>
    public bool WeightsGridGiven { get; init; }

    /// <summary>Which surfaces to compute (test by default).</summary>
    public SurfaceQuantities Surfaces { get; init; } = SurfaceQuantities.Test;

    /// <summary>Precision of the surfaces; null for the default (float32 on the general path, the seed's own on its plane).</summary>
    public SurfacePrecision? Precision { get; init; }

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

    /// <summary>The full Hessian's curvature along the path; null for none.</summary>
    public CurvatureOptions? Curvature { get; init; }

    /// <summary>Throws <see cref="InvalidOptionException"/> naming the first value outside its range (see <see cref="Limits"/>).</summary>
    public void Validate()
    {
        Data.Validate();
        Optimizer.Validate();
        if (Hidden is { } hidden && (hidden < 1 || hidden > Limits.MaxHidden))
        {
            throw new InvalidOptionException("hidden", $"must be between 1 and {Limits.MaxHidden} (got {hidden})");
        }

        if (Hidden is not null && Model is not null)
        {
            throw new InvalidOptionException("hidden", "is a shorthand for «layers» 1,N,1; give one of them, not both");
        }

        ValidateDataAndLoss();
        PipelineValidation.Validate(this);
        PipelineValidation.ValidateCurvature(this);
        ValidatePlaneStart();

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

        // With a data file the training set's size is known once it is read (LandscapeSetup checks these then).
        if (Data.File is null && !PathIsGiven)
        {
            var trainingSetSize = TrainTestSplit.Sizes(Data.Samples, Data.TestFraction).Train;
            Training.Validate(trainingSetSize);
            ValidateRecords(trainingSetSize);
        }

        if ((long)W1.Count * W2.Count > SurfaceEvaluator.MaxPoints)
        {
            throw new InvalidOptionException("w1", $"the w1 × w2 grid has {(long)W1.Count * W2.Count} points; at most {SurfaceEvaluator.MaxPoints} are allowed");
        }
    }

    /// <summary>Throws when the records of a training set of <paramref name="trainingSetSize"/> would keep too many numbers.</summary>
    internal void ValidateRecords(int trainingSetSize)
    {
        var records = Training.RecordCount(trainingSetSize);
        var parameters = (long)ModelSpec.ParameterCount;
        if (records * parameters > Limits.MaxRecordedValues)
        {
            throw Model is null
                ? new InvalidOptionException("hidden", $"{Hidden ?? 1} hidden units ({parameters} parameters) over {records} records keep {records * parameters} numbers; at most {Limits.MaxRecordedValues} are allowed: fewer units, epochs or records")
                : new InvalidOptionException("layers", $"{parameters} parameters over {records} records keep {records * parameters} numbers; at most {Limits.MaxRecordedValues} are allowed: a smaller model, fewer epochs or records");
        }
    }
}
