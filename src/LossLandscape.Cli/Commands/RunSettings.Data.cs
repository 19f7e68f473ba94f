using LossLandscape.Cli.Infrastructure;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Options;

namespace LossLandscape.Cli.Commands;

/// <summary>The user's own data and model: a CSV file, the loss, an ONNX model.</summary>
public partial class RunSettings
{
    /// <summary>Adds the data file, the loss and the ONNX model to <paramref name="options"/>; errors name the option.</summary>
    internal ExperimentOptions WithDataAndModelFile(ExperimentOptions options)
    {
        options = options with
        {
            Data = options.Data with
            {
                File = Text("data"),
                Target = Text("target"),
                Features = Text("features")?.Split(',').Select(f => f.Trim()).ToArray(),
                UseSplitColumn = Values.Parsed<bool>("split") ?? false,
                Standardize = Flag("standardize"),
            },
            Loss = Values.Parsed<LossKind>("loss") ?? LossKind.MeanSquaredError,
        };
        if (Text("model") is not { } file)
        {
            return WithoutModelFile(options);
        }

        foreach (var name in OptionCatalogue.Get("model").Conflicts)
        {
            if (Values.IsGiven(name))
            {
                throw new UsageException($"--{name}: --model {file} gives the model's shape and its starting weights; leave out --{name}");
            }
        }

        var reading = OnnxMlpImport.TryRead(file);
        if (reading.Mlp is not { } onnx)
        {
            // A graph that is no MLP is ONNX Runtime's to evaluate; any other problem with the file is the error.
            return reading.NotAnMlp ? WithEvaluatedModel(options, file, reading.Error!.Message) : throw reading.Error!;
        }

        if (Checkpoints is not null || Text("input") is not null || Text("output") is not null)
        {
            return WithEvaluatedModel(options, file, "--checkpoints, --input and --output evaluate the graph with ONNX Runtime");
        }

        return options with { Model = onnx.Spec, InitVector = onnx.Theta, ModelFile = file };
    }
}
