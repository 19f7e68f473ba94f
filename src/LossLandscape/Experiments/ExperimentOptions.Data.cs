using LossLandscape.Models;

namespace LossLandscape.Experiments;

/// <summary>The options of the user's own data and model: the loss and the model file.</summary>
public sealed partial record ExperimentOptions
{
    /// <summary>The loss: mean squared error (default) or cross-entropy over class indices.</summary>
    public LossKind Loss { get; init; } = LossKind.MeanSquaredError;

    /// <summary>The ONNX file <see cref="Model"/> and its start were read from, for the record; null when none.</summary>
    public string? ModelFile { get; init; }

    /// <summary>The number of classes cross-entropy asks the target to hold (the last layer's size), else null.</summary>
    public int? Classes => Loss == LossKind.CrossEntropy ? Graph?.Outputs ?? ModelSpec.Layers[^1] : null;

    /// <summary>
    /// The model's sizes against what the data and loss allow before the data are read: one input and one output for
    /// the synthetic data; one output for the mean squared error; at least two for cross-entropy, which needs a file.
    /// </summary>
    private void ValidateDataAndLoss()
    {
        if (!Enum.IsDefined(Loss))
        {
            throw new InvalidOptionException("loss", "must be mse or cross-entropy");
        }

        if ((Surfaces & Surface.SurfaceQuantities.Accuracy) != 0 && Loss != LossKind.CrossEntropy)
        {
            throw new InvalidOptionException("surface", "accuracy is a classifier's: it needs «loss» cross-entropy");
        }

        if (Loss == LossKind.CrossEntropy && Data.File is null)
        {
            throw new InvalidOptionException("loss", "cross-entropy needs class indices in a data file: give «data» FILE.csv");
        }

        ValidateEvaluated();
        if (Graph is not null)
        {
            return;
        }

        var field = ModelFile is null ? "layers" : "model";
        var errors = ModelSpec.Validate(inputs: Data.File is null ? 1 : null, outputs: Loss == LossKind.MeanSquaredError ? 1 : null);
        if (errors.Count > 0)
        {
            throw new InvalidOptionException(errors[0].Option == "layers" ? field : errors[0].Option, errors[0].Message);
        }

        if (Loss == LossKind.CrossEntropy && ModelSpec.Layers[^1] < 2)
        {
            throw new InvalidOptionException(field, $"cross-entropy needs at least two outputs, one per class (got {ModelSpec.Layers[^1]})");
        }
    }

    /// <summary>The checks that need the data: the model's inputs, the batch size and the records, on <paramref name="inputs"/> inputs and <paramref name="trainingSetSize"/> training rows.</summary>
    internal void ValidateAgainstData(int inputs, int trainingSetSize)
    {
        if (Graph is { } evaluated)
        {
            if (evaluated.Inputs != inputs)
            {
                throw new InvalidOptionException("model", $"{evaluated.Description} takes {evaluated.Inputs} values per sample; the data have {inputs} input column(s) (pick «features» to match)");
            }

            return;
        }

        if (ModelSpec.Layers[0] != inputs)
        {
            var source = ModelFile is null ? "layers" : "model";
            throw new InvalidOptionException(source, $"the model's first layer takes {ModelSpec.Layers[0]} input(s); the data have {inputs} ({(ModelFile is null ? "give «layers» " + inputs + ",…" : "pick «features» to match")})");
        }

        if (!PathIsGiven)
        {
            Training.Validate(trainingSetSize);
            ValidateRecords(trainingSetSize);
        }
    }
}
