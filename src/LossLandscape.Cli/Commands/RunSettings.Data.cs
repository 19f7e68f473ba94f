using LossLandscape.Cli.Infrastructure;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Models;

namespace LossLandscape.Cli.Commands;

/// <summary>The options of the user's own data and model: a CSV file, the loss, an ONNX model and its export.</summary>
public partial class RunSettings
{
    /// <summary>--data.</summary>
    public string? Data { get; set; }

    /// <summary>--target.</summary>
    public string? Target { get; set; }

    /// <summary>--features.</summary>
    public string? Features { get; set; }

    /// <summary>--split.</summary>
    public string? Split { get; set; }

    /// <summary>--standardize.</summary>
    public bool Standardize { get; set; }

    /// <summary>--loss.</summary>
    public string? Loss { get; set; }

    /// <summary>--model.</summary>
    public string? Model { get; set; }

    /// <summary>--export-onnx.</summary>
    public string? ExportOnnx { get; set; }

    /// <summary>The data, loss and model-file options, in help order.</summary>
    private static IReadOnlyList<SettingOption> DataOptions() =>
    [
        SettingOption.Value<RunSettings>("data", "FILE.csv", "Your data instead of the synthetic points: a header row and numeric columns (at most 2 GiB, lines of 1,048,576 characters, 10,000,000 rows)", s => s.Data, (s, v) => s.Data = v),
        SettingOption.Value<RunSettings>("target", "NAME", "--data: the target column (default the last column)", s => s.Target, (s, v) => s.Target = v),
        SettingOption.Value<RunSettings>("features", "A,B,...", "--data: the input columns, in this order (default every other column, in file order)", s => s.Features, (s, v) => s.Features = v),
        SettingOption.Value<RunSettings>("split", "HOW", "--data: random (scikit-learn's split with --test-fraction and --seed) or column (the file's 'split' column of train/test) (default random)", s => s.Split, (s, v) => s.Split = v),
        SettingOption.Flag<RunSettings>("standardize", "--data: scale the inputs to zero mean and unit variance with the training rows' statistics (recorded in run.json)", s => s.Standardize, (s, v) => s.Standardize = v),
        SettingOption.Value<RunSettings>("loss", "NAME", "mse|cross-entropy (PyTorch's CrossEntropyLoss over K outputs; the target holds class indices 0..K-1) (default mse)", s => s.Loss, (s, v) => s.Loss = v),
        SettingOption.Value<RunSettings>("model", "FILE.onnx", "Start from an ONNX MLP (MatMul/Gemm, Add and one of Tanh, Relu, Sigmoid, Gelu, Identity, as torch.onnx.export writes nn.Sequential of Linear): its shape and weights replace --layers and the start (at most 256 MiB)", s => s.Model, (s, v) => s.Model = v),
        .. CheckpointOptions(),
        SettingOption.Value<RunSettings>("export-onnx", "FILE.onnx", "Also write the trained MLP (the last record) as ONNX, opset 17, float32", s => s.ExportOnnx, (s, v) => s.ExportOnnx = v),
    ];

    /// <summary>Adds the data file, the loss and the ONNX model to <paramref name="options"/>; errors name the option.</summary>
    internal ExperimentOptions WithDataAndModelFile(ExperimentOptions options)
    {
        var split = Split is null ? false : Word("--split", Split, ("random", false), ("column", true));
        options = options with
        {
            Data = options.Data with
            {
                File = Data,
                Target = Target,
                Features = Features?.Split(',').Select(f => f.Trim()).ToArray(),
                UseSplitColumn = split,
                Standardize = Standardize,
            },
            Loss = Loss is null ? LossKind.MeanSquaredError : Word("--loss", Loss, ("mse", LossKind.MeanSquaredError), ("cross-entropy", LossKind.CrossEntropy)),
        };
        if (Model is not { } file)
        {
            return WithoutModelFile(options);
        }

        foreach (var (given, name) in new[] { (Layers, "--layers"), (Activation, "--activation"), (Hidden, "--hidden"), (Init, "--init"), (InitSeed, "--init-seed"), (InitWeights, "--init-weights"), (Bias ? "yes" : null, "--bias") })
        {
            if (given is not null)
            {
                throw new UsageException($"{name}: --model {file} gives the model's shape and its starting weights; leave out {name}");
            }
        }

        var reading = OnnxMlpImport.TryRead(file);
        if (reading.Mlp is not { } onnx)
        {
            // A graph that is no MLP is ONNX Runtime's to evaluate; any other problem with the file is the error.
            return reading.NotAnMlp ? WithEvaluatedModel(options, file, reading.Error!.Message) : throw reading.Error!;
        }

        if (Checkpoints is not null || Input is not null || Output is not null)
        {
            return WithEvaluatedModel(options, file, "--checkpoints, --input and --output evaluate the graph with ONNX Runtime");
        }

        return options with { Model = onnx.Spec, InitVector = onnx.Theta, ModelFile = file };
    }
}
