using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Options;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// An ONNX graph the tool's MLP cannot hold, evaluated by ONNX Runtime: its checkpoints form the path, and
/// --input/--output pick among several graph inputs and outputs. Such a model is sliced, never trained.
/// </summary>
public partial class RunSettings
{
    /// <summary>Refuses the options that need --model when it is absent.</summary>
    private ExperimentOptions WithoutModelFile(ExperimentOptions options)
    {
        foreach (var option in OptionCatalogue.All.Where(o => o.Needs.Contains("model") && Values.IsGiven(o.Name)))
        {
            throw new UsageException($"{option.LongName}: belongs to --model FILE.onnx (a graph evaluated by ONNX Runtime); give --model");
        }

        return options;
    }

    /// <summary>
    /// The graph in <paramref name="file"/> as an ONNX Runtime model with its checkpoints; <paramref name="why"/> says why
    /// the tool's own MLP does not take it (the operator it lacks), for the refusal of options that train.
    /// </summary>
    private ExperimentOptions WithEvaluatedModel(ExperimentOptions options, string file, string why)
    {
        var training = OptionCatalogue.All.Where(o => o.Group is OptionGroup.Training or OptionGroup.Curvature || o.Name == "export-onnx");
        foreach (var option in training)
        {
            if (Values.IsGiven(option.Name))
            {
                throw new UsageException($"--model: {why}, which slices it without training: leave out {option.LongName} (the path is --checkpoints)");
            }
        }

        var graph = OnnxGraph.Read(file);
        var files = Checkpoints?.Split(',').Select(f => f.Trim()).ToArray();
        if (files is not null && files.Any(f => f.Length == 0))
        {
            throw new UsageException("--checkpoints: give the files separated by commas, e.g. a.onnx,b.onnx");
        }

        var graphs = files?.Select(f => OnnxGraph.Read(f, "checkpoints")).ToArray();
        var checkpoints = graphs?.Select(g => graph.WeightsOf(g, "checkpoints")).ToArray();

        // State that is not a parameter (BatchNorm's running statistics) is held at the centre's values everywhere.
        var state = files is { Length: > 0 } ? Text("center") switch
        {
            null or "final" => files[^1],
            "init" => files[0],
            _ => null,
        }
            : null;
        return options with
        {
            Graph = EvaluatedGraph.Load(new ModelSource.Graph(file, Text("input"), Text("output"), options.Loss, state)),
            InitVector = graph.Theta,
            ModelFile = file,
            Checkpoints = checkpoints,
            CheckpointFiles = files,
        };
    }
}
