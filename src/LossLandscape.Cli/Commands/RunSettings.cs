using LossLandscape.Cli.Infrastructure;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Optim;
using LossLandscape.Options;
using LossLandscape.Plotting;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Cli.Commands;

/// <summary>
/// The options given to <c>losslandscape run</c>, held as text keyed by the option catalogue's names and parsed
/// through it (<see cref="OptionCatalogue"/>), so every error names the option.
/// </summary>
public partial class RunSettings
{
    /// <summary>Empty settings of <c>run</c>: every option at its default.</summary>
    public RunSettings()
        : this(OptionCommands.Run)
    {
    }

    /// <summary>Empty settings of <paramref name="command"/>.</summary>
    private protected RunSettings(OptionCommands command)
    {
        Values = new OptionValues(command);
    }

    /// <summary>The options as given, keyed by name.</summary>
    public OptionValues Values { get; private set; }

    /// <summary>The command these settings belong to.</summary>
    public OptionCommands Command => Values.Command;

    /// <summary>The options of this command, in the catalogue's order.</summary>
    public IReadOnlyList<OptionDefinition> Options => OptionCatalogue.For(Command);

    /// <summary>Output directory.</summary>
    public string Out => Values.Text("out")!;

    /// <summary>--config.</summary>
    public string? Config => Values.Text("config");

    /// <summary>--export-onnx.</summary>
    public string? ExportOnnx => Values.Text("export-onnx");

    /// <summary>--checkpoints.</summary>
    public string? Checkpoints => Values.Text("checkpoints");

    /// <summary>The grid over w1 and w2 when not given.</summary>
    public const string DefaultGrid = "-2:2:0.05";

    /// <summary>Replaces the values with <paramref name="values"/> (a rerun's: run.json's options under those given).</summary>
    internal void Replace(OptionValues values) => Values = values;

    /// <summary>The parsed plotly.js mode.</summary>
    public PlotlyJsMode PlotlyJsMode() => Enum.Parse<PlotlyJsMode>(Get<string>("plotlyjs"), ignoreCase: true);

    /// <summary>The optimizer's settings from the training options given; throws <see cref="UsageException"/> naming the first bad one.</summary>
    public OptimizerSettings ToOptimizerSettings() => Usage(Values.ToOptimizerSettings);

    /// <summary>Parses every value; throws <see cref="UsageException"/> naming the first bad option.</summary>
    public ExperimentOptions ToOptions() => ToOptions(ToOptimizerSettings());

    /// <summary>Parses every option but the training ones, and uses <paramref name="optimizer"/> for those.</summary>
    public ExperimentOptions ToOptions(OptimizerSettings optimizer) => Usage(() =>
    {
        var seed = Get<uint>("seed");
        var init = Text("init") is null ? [-1.0, -1.0] : Get<double[]>("init");
        var options = new ExperimentOptions
        {
            Data = new DataOptions
            {
                Samples = Get<int>("samples"),
                Seed = seed,
                XMean = Get<double>("x-mean"),
                XStd = Get<double>("x-std"),
                NoiseStd = Get<double>("noise-std"),
                TestFraction = Get<double>("test-fraction"),
            },
            Hidden = Values.Parsed<int>("hidden"),
            Optimizer = optimizer,
            Training = new TrainingOptions
            {
                Epochs = Get<int>("epochs"),
                BatchSize = ParsedBatchSize,
                Shuffle = !Flag("no-shuffle"),
                ShuffleSeed = Values.Parsed<uint>("shuffle-seed") ?? seed,
                Record = Get<RecordEvery>("record"),
            },
            InitW1 = init[0],
            InitW2 = init[1],
            InitGiven = Text("init") is not null,
            W1 = Text("w1") is null ? GridAxis.Parse(DefaultGrid) : Get<GridAxis>("w1"),
            W2 = Text("w2") is null ? GridAxis.Parse(DefaultGrid) : Get<GridAxis>("w2"),
            WeightsGridGiven = Text("w1") is not null || Text("w2") is not null,
            ExtendGrid = !Flag("no-extend"),
        };
        _ = PlotlyJsMode();
        options = WithModelAndPlane(WithDataAndModelFile(options));
        options = WithCurvature(WithPlaneStart(options));
        options.Validate();
        return options;
    });

    /// <summary>The text of option <paramref name="name"/> (given or default).</summary>
    private protected string? Text(string name) => Values.Text(name);

    /// <summary>True when flag <paramref name="name"/> was given.</summary>
    private protected bool Flag(string name) => Values.Flag(name);

    /// <summary>The parsed value of option <paramref name="name"/>.</summary>
    private protected T Get<T>(string name) => Values.Get<T>(name);

    /// <summary><paramref name="parse"/>'s result; a refusal of the core becomes a usage error naming the option.</summary>
    internal static T Usage<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidOptionException e)
        {
            throw new UsageException(LandscapeOutput.Describe(e));
        }
    }
}
