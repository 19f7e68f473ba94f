using System.Text.Json.Nodes;
using LossLandscape.Experiments;
using LossLandscape.Models;

namespace LossLandscape.Pipeline;

/// <summary>run.json's description of the data, the loss and the model file.</summary>
public static class DataJson
{
    /// <summary>What the surfaces and the path measure.</summary>
    public static string LossText(LossKind loss) => loss == LossKind.CrossEntropy
        ? "exact cross-entropy (log-softmax + mean negative log-likelihood, as torch.nn.CrossEntropyLoss) over the whole test set"
        : "exact mean squared error over the whole test set";

    /// <summary>Adds the loss, and for a data file its columns, rows and standardisation, and the model file, to <paramref name="resolved"/>.</summary>
    public static void AddTo(JsonObject resolved, LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(result);
        var options = result.Options;
        resolved["loss"] = LossText(options.Loss);
        if (options.ModelFile is { } model)
        {
            resolved["model_file"] = model;
        }

        if (options.CheckpointFiles is { } checkpoints)
        {
            resolved["checkpoints"] = new JsonArray([.. checkpoints.Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        if (options.Data.File is not { } file)
        {
            return;
        }

        var data = result.Data;
        var description = new JsonObject
        {
            ["file"] = file,
            ["rows"] = data.Count,
            ["features"] = new JsonArray([.. data.FeatureNames.Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["target"] = data.TargetName,
            ["split"] = options.Data.UseSplitColumn ? "column" : options.Data.SplitArray is { } array ? $"array '{array}'" : "random",
        };
        if (data.SampleShape is { } shape)
        {
            description["sample_shape"] = new JsonArray([.. shape.Select(d => (JsonNode?)JsonValue.Create(d))]);
            description["scale"] = options.Data.Scale;
        }
        if (options.Classes is { } classes)
        {
            description["classes"] = classes;
        }

        if (data.Standardization is { } s)
        {
            description["standardization"] = new JsonObject
            {
                ["mean"] = new JsonArray([.. s.Mean.Select(v => (JsonNode?)JsonValue.Create(v))]),
                ["std"] = new JsonArray([.. s.Std.Select(v => (JsonNode?)JsonValue.Create(v))]),
            };
        }

        resolved["data"] = description;
    }
}
