using LossLandscape.Models;

namespace LossLandscape.Options;

/// <summary>The data and model options.</summary>
public static partial class OptionCatalogue
{
    private static IEnumerable<OptionDefinition> DataOptions() =>
    [
        Integer("samples", "N", OptionGroup.Data, "Number of synthetic points, 2 to 10000000") with { Default = "10000" },
        Seed("seed", OptionGroup.Data, "Seed of numpy's legacy generator for the data and the split (0 to 4294967295)") with { Default = "42" },
        Number("x-mean", "MEAN", OptionGroup.Data, "Mean of x ~ Normal(mean, std), |mean| <= 1e6") with { Default = "1" },
        Number("x-std", "STD", OptionGroup.Data, "Standard deviation of x (> 0, <= 1e6)") with { Default = "4.5" },
        Number("noise-std", "STD", OptionGroup.Data, "Standard deviation of the noise on y (0 to 1e6)") with { Default = "1" },
        Number("test-fraction", "F", OptionGroup.Data, "Fraction of points held out for the test loss, in (0, 1)") with { Default = "0.2" },
        File("data", "FILE.csv", OptionGroup.Data, "Your data instead of the synthetic points: a header row and numeric columns (at most 2 GiB, lines of 1,048,576 characters, 10,000,000 rows)"),
        Text("target", "NAME", OptionGroup.Data, "«data»: the target column") with { DefaultHelp = "the last column", Needs = ["data"] },
        Text("features", "A,B,...", OptionGroup.Data, "«data»: the input columns, in this order") with { DefaultHelp = "every other column, in file order", Needs = ["data"] },
        Word("split", "HOW", OptionGroup.Data, "«data»: random (scikit-learn's split with «test-fraction» and «seed») or column (the file's 'split' column of train/test)", ("random", false), ("column", true)) with { DefaultHelp = "random", Needs = ["data"] },
        Flag("standardize", OptionGroup.Data, "«data»: scale the inputs to zero mean and unit variance with the training rows' statistics (recorded in run.json)") with { Needs = ["data"] },
    ];

    private static IEnumerable<OptionDefinition> ModelOptions() =>
    [
        Integer("hidden", "N", OptionGroup.Model, "Hidden tanh units, shorthand for «layers» 1,N,1, 1 to 10000; records × parameters at most 20000000") with { DefaultHelp = "1: the article's two weights", Conflicts = ["layers", "model"] },
        Text("layers", "SIZES", OptionGroup.Model, "Layer sizes input,hidden...,output, e.g. 1,16,16,1 (the synthetic data have one input and one output)") with
        {
            DefaultHelp = "1,1,1",
            Conflicts = ["hidden", "model"],
            Parse = text => text.Split(',').Select(part => int.TryParse(part.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var size)
                ? size
                : throw new InvalidOptionException("layers", $"'{text}' must be comma-separated sizes input,hidden...,output, e.g. 1,16,16,1")).ToArray(),
        },
        Word("activation", "NAME", OptionGroup.Model, "Activation between layers, none after the last: tanh|relu|sigmoid|gelu|linear", Enum.GetValues<Activation>().Select(a => (OptionParse.EnumWord(a), a)).ToArray()) with { DefaultHelp = "tanh", Conflicts = ["model"] },
        Flag("bias", OptionGroup.Model, "A bias in every layer (without it, as in the article, none)") with { Conflicts = ["model"] },
        Word("loss", "NAME", OptionGroup.Model, "mse|cross-entropy (PyTorch's CrossEntropyLoss over K outputs; the target holds class indices 0..K-1)", ("mse", LossKind.MeanSquaredError), ("cross-entropy", LossKind.CrossEntropy)) with { DefaultHelp = "mse" },
        Text("init", "W1,W2", OptionGroup.Model, "Start of a 1,N,1 network: every hidden weight W1, every output weight W2, each between -1e6 and 1e6") with
        {
            Type = OptionType.Numbers,
            DefaultHelp = "-1,-1 for the seed's 1,N,1 tanh",
            Conflicts = ["model"],
            Parse = text => OptionParse.Numbers("init", text, 2, "W1,W2 (e.g. «init» -1,-1)"),
        },
        Seed("init-seed", OptionGroup.Model, "Start from PyTorch's default nn.Linear initialisation drawn with this seed") with { DefaultHelp = "0 for models other than the seed's 1,N,1 tanh", Conflicts = ["model"] },
        File("init-weights", "FILE[:ROW]", OptionGroup.Model, "Start from a weights file: a .npy written by the tool (ROW picks a record of weights.npy) or a JSON array (at most 256 MiB)") with { Conflicts = ["model"] },
        File("model", "FILE.onnx", OptionGroup.Model, "Start from an ONNX MLP (MatMul/Gemm, Add and one of Tanh, Relu, Sigmoid, Gelu, Identity, as torch.onnx.export writes nn.Sequential of Linear): its shape and weights replace «layers» and the start (at most 256 MiB)") with
        {
            Conflicts = ["layers", "activation", "hidden", "init", "init-seed", "init-weights", "bias"],
        },
        File("checkpoints", "A.onnx,B.onnx,...", OptionGroup.Model, "«model»: the path is these files' weights in order (the same graph, other weights), evaluated by ONNX Runtime without training") with { DefaultHelp = "the model's own weights", Needs = ["model"] },
        Text("input", "NAME", OptionGroup.Model, "«model»: the graph input the data feed, when it has several (each row's columns fill its shape after the batch dimension, row-major)") with { Needs = ["model"] },
        Text("output", "NAME", OptionGroup.Model, "«model»: the graph output the loss is computed from, when it has several") with { Needs = ["model"] },
    ];
}
