using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// An ONNX graph the tool's MLP cannot hold, evaluated by ONNX Runtime: its checkpoints form the path, and
/// --input/--output pick among several graph inputs and outputs. Such a model is sliced, never trained.
/// </summary>
public partial class RunSettings
{
    /// <summary>--checkpoints.</summary>
    public string? Checkpoints { get; set; }

    /// <summary>--input.</summary>
    public string? Input { get; set; }

    /// <summary>--output.</summary>
    public string? Output { get; set; }

    /// <summary>The options of a graph evaluated by ONNX Runtime, in help order.</summary>
    private static IReadOnlyList<SettingOption> CheckpointOptions() =>
    [
        SettingOption.Value<RunSettings>("checkpoints", "A.onnx,B.onnx,...", "--model: the path is these files' weights in order (the same graph, other weights), evaluated by ONNX Runtime without training (default: the model's own weights)", s => s.Checkpoints, (s, v) => s.Checkpoints = v),
        SettingOption.Value<RunSettings>("input", "NAME", "--model: the graph input the data feed, when it has several (each row's columns fill its shape after the batch dimension, row-major)", s => s.Input, (s, v) => s.Input = v),
        SettingOption.Value<RunSettings>("output", "NAME", "--model: the graph output the loss is computed from, when it has several", s => s.Output, (s, v) => s.Output = v),
    ];

    /// <summary>Refuses the options that need --model when it is absent.</summary>
    private ExperimentOptions WithoutModelFile(ExperimentOptions options)
    {
        foreach (var (given, name) in new[] { (Checkpoints, "--checkpoints"), (Input, "--input"), (Output, "--output") })
        {
            if (given is not null)
            {
                throw new UsageException($"{name}: belongs to --model FILE.onnx (a graph evaluated by ONNX Runtime); give --model");
            }
        }

        return options;
    }

    /// <summary>
    /// The graph in <paramref name="file"/> as an ONNX Runtime model with its checkpoints; <paramref name="why"/> says why
    /// the tool's own MLP does not take it (the operator it lacks), for the refusal of options that train.
    /// </summary>
    private ExperimentOptions WithEvaluatedModel(ExperimentOptions options, string file, string why)
    {
        var fresh = new RunSettings();
        var training = TrainingOptions.Concat(RunOptions.Where(o => o.Name is "epochs" or "batch-size" or "record" or "no-shuffle" or "shuffle-seed" or "export-onnx")).Concat(CurvatureOptionTable());
        foreach (var option in training)
        {
            if (!Equals(option.Get(this), option.Get(fresh)))
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
        var state = files is { Length: > 0 } ? Center switch
        {
            null or "final" => files[^1],
            "init" => files[0],
            _ => null,
        }
            : null;
        return options with
        {
            Graph = EvaluatedGraph.Load(new ModelSource.Graph(file, Input, Output, options.Loss, state)),
            InitVector = graph.Theta,
            ModelFile = file,
            Checkpoints = checkpoints,
            CheckpointFiles = files,
        };
    }
}
