using System.ComponentModel;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Optim;
using LossLandscape.Plotting;
using LossLandscape.Training;
using Spectre.Console.Cli;

namespace LossLandscape.Cli.Commands;

/// <summary>Options of <c>losslandscape run</c>. Values are taken as text and parsed here so errors name the option.</summary>
public partial class RunSettings : TrainingSettings
{
    private string? _out;

    /// <summary>Output directory.</summary>
    [CommandOption("-o|--out <DIR>")]
    [Description("Output directory, created if missing (default: landscape-out; compare-out for compare)")]
    public string Out { get => _out ?? DefaultOut; set => _out = value; }

    /// <summary>The output directory when --out is not given.</summary>
    public virtual string DefaultOut => "landscape-out";

    /// <summary>--samples.</summary>
    [CommandOption("--samples <N>")]
    [Description("Number of synthetic points, 2 to 10000000")]
    [DefaultValue("10000")]
    public string Samples { get; set; } = "10000";

    /// <summary>--seed.</summary>
    [CommandOption("--seed <SEED>")]
    [Description("Seed of numpy's legacy generator for the data and the split (0 to 4294967295)")]
    [DefaultValue("42")]
    public string Seed { get; set; } = "42";

    /// <summary>--shuffle-seed.</summary>
    [CommandOption("--shuffle-seed <SEED>")]
    [Description("Seed of the generator that shuffles the training set each epoch (default: --seed)")]
    public string? ShuffleSeed { get; set; }

    /// <summary>--x-mean.</summary>
    [CommandOption("--x-mean <MEAN>")]
    [Description("Mean of x ~ Normal(mean, std), |mean| <= 1e6")]
    [DefaultValue("1")]
    public string XMean { get; set; } = "1";

    /// <summary>--x-std.</summary>
    [CommandOption("--x-std <STD>")]
    [Description("Standard deviation of x (> 0, <= 1e6)")]
    [DefaultValue("4.5")]
    public string XStd { get; set; } = "4.5";

    /// <summary>--noise-std.</summary>
    [CommandOption("--noise-std <STD>")]
    [Description("Standard deviation of the noise on y (0 to 1e6)")]
    [DefaultValue("1")]
    public string NoiseStd { get; set; } = "1";

    /// <summary>--test-fraction.</summary>
    [CommandOption("--test-fraction <F>")]
    [Description("Fraction of points held out for the test loss, in (0, 1)")]
    [DefaultValue("0.2")]
    public string TestFraction { get; set; } = "0.2";

    /// <summary>--hidden.</summary>
    [CommandOption("--hidden <N>")]
    [Description("Hidden tanh units, 1 to 10000 (1 = the article's two weights); records × 2 × units at most 20000000")]
    [DefaultValue("1")]
    public string Hidden { get; set; } = "1";

    /// <summary>--epochs.</summary>
    [CommandOption("--epochs <N>")]
    [Description("Passes over the training set (0 to 99999)")]
    [DefaultValue("25")]
    public string Epochs { get; set; } = "25";

    /// <summary>--batch-size.</summary>
    [CommandOption("--batch-size <N>")]
    [Description("Minibatch size (1 to the training set size)")]
    [DefaultValue("32")]
    public string BatchSize { get; set; } = "32";

    /// <summary>--init.</summary>
    [CommandOption("--init <W1,W2>")]
    [Description("Starting weights, each between -1e6 and 1e6")]
    [DefaultValue("-1,-1")]
    public string Init { get; set; } = "-1,-1";

    /// <summary>--no-shuffle.</summary>
    [CommandOption("--no-shuffle")]
    [Description("Keep the split's order every epoch (matches PyTorch without shuffling)")]
    public bool NoShuffle { get; set; }

    /// <summary>--record.</summary>
    [CommandOption("--record <WHEN>")]
    [Description("Record after every epoch or every step: epochs|steps (at most 100000 records)")]
    [DefaultValue("epochs")]
    public string Record { get; set; } = "epochs";

    /// <summary>--w1.</summary>
    [CommandOption("--w1 <START:STOP:STEP>")]
    [Description("Grid over w1, numpy.arange semantics (stop excluded); start and stop between -1e6 and 1e6")]
    [DefaultValue("-2:2:0.05")]
    public string W1 { get; set; } = "-2:2:0.05";

    /// <summary>--w2.</summary>
    [CommandOption("--w2 <START:STOP:STEP>")]
    [Description("Grid over w2, numpy.arange semantics (stop excluded); start and stop between -1e6 and 1e6")]
    [DefaultValue("-2:2:0.05")]
    public string W2 { get; set; } = "-2:2:0.05";

    /// <summary>--no-extend.</summary>
    [CommandOption("--no-extend")]
    [Description("Keep the given grid even when the trajectory leaves it")]
    public bool NoExtend { get; set; }

    /// <summary>--plotlyjs.</summary>
    [CommandOption("--plotlyjs <MODE>")]
    [Description("How the HTML gets plotly.js: inline|cdn|directory")]
    [DefaultValue("inline")]
    public string PlotlyJs { get; set; } = "inline";

    /// <summary>The parsed plotly.js mode.</summary>
    public PlotlyJsMode PlotlyJsMode() => OptionValue.Choice<PlotlyJsMode>("--plotlyjs", PlotlyJs);

    /// <summary>Parses every value; throws <see cref="UsageException"/> naming the first bad option.</summary>
    public ExperimentOptions ToOptions() => ToOptions(ToOptimizerSettings());

    /// <summary>Parses every option but the training ones, and uses <paramref name="optimizer"/> for those.</summary>
    public ExperimentOptions ToOptions(OptimizerSettings optimizer)
    {
        var seed = OptionValue.Seed("--seed", Seed);
        var init = OptionValue.List("--init", Init, 2, "W1,W2 (e.g. --init -1,-1)");
        var options = new ExperimentOptions
        {
            Data = new DataOptions
            {
                Samples = OptionValue.Int("--samples", Samples),
                Seed = seed,
                XMean = OptionValue.Double("--x-mean", XMean),
                XStd = OptionValue.Double("--x-std", XStd),
                NoiseStd = OptionValue.Double("--noise-std", NoiseStd),
                TestFraction = OptionValue.Double("--test-fraction", TestFraction),
            },
            Hidden = OptionValue.Int("--hidden", Hidden),
            Optimizer = optimizer,
            Training = new TrainingOptions
            {
                Epochs = OptionValue.Int("--epochs", Epochs),
                BatchSize = OptionValue.Int("--batch-size", BatchSize),
                Shuffle = !NoShuffle,
                ShuffleSeed = ShuffleSeed is null ? seed : OptionValue.Seed("--shuffle-seed", ShuffleSeed),
                Record = OptionValue.Choice<RecordChoice>("--record", Record) == RecordChoice.Steps ? RecordEvery.Step : RecordEvery.Epoch,
            },
            InitW1 = init[0],
            InitW2 = init[1],
            W1 = OptionValue.Axis("--w1", W1),
            W2 = OptionValue.Axis("--w2", W2),
            ExtendGrid = !NoExtend,
        };
        _ = PlotlyJsMode();
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new UsageException($"--{e.Option}: {e.Message}");
        }

        return options;
    }
}
