using LossLandscape.Cli.Infrastructure;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Optim;
using LossLandscape.Plotting;
using LossLandscape.Training;

namespace LossLandscape.Cli.Commands;

/// <summary>Options of <c>losslandscape run</c>. Values are taken as text and parsed here so errors name the option.</summary>
public partial class RunSettings : TrainingSettings
{
    private string? _out;

    /// <summary>Output directory.</summary>
    public string Out { get => _out ?? DefaultOut; set => _out = value; }

    /// <summary>The output directory when --out is not given.</summary>
    public virtual string DefaultOut => "landscape-out";

    /// <summary>--samples.</summary>
    public string Samples { get; set; } = "10000";

    /// <summary>--seed.</summary>
    public string Seed { get; set; } = "42";

    /// <summary>--shuffle-seed.</summary>
    public string? ShuffleSeed { get; set; }

    /// <summary>--x-mean.</summary>
    public string XMean { get; set; } = "1";

    /// <summary>--x-std.</summary>
    public string XStd { get; set; } = "4.5";

    /// <summary>--noise-std.</summary>
    public string NoiseStd { get; set; } = "1";

    /// <summary>--test-fraction.</summary>
    public string TestFraction { get; set; } = "0.2";

    /// <summary>--hidden.</summary>
    public string? Hidden { get; set; }

    /// <summary>--epochs.</summary>
    public string Epochs { get; set; } = "25";

    /// <summary>--batch-size.</summary>
    public string BatchSize { get; set; } = "32";

    /// <summary>--init.</summary>
    public string? Init { get; set; }

    /// <summary>--no-shuffle.</summary>
    public bool NoShuffle { get; set; }

    /// <summary>--record.</summary>
    public string Record { get; set; } = "epochs";

    /// <summary>--w1.</summary>
    public string? W1 { get; set; }

    /// <summary>--w2.</summary>
    public string? W2 { get; set; }

    /// <summary>--config.</summary>
    public string? Config { get; set; }

    /// <summary>--no-extend.</summary>
    public bool NoExtend { get; set; }

    /// <summary>--plotlyjs.</summary>
    public string PlotlyJs { get; set; } = "inline";

    /// <summary>The options of <c>run</c>, in help order: output, data, model and grid, training, views.</summary>
    public static IReadOnlyList<SettingOption> RunOptions { get; } =
    [
        SettingOption.Value<RunSettings>("out", "DIR", "Output directory, created if missing", s => s.Out, (s, v) => s.Out = v!).WithAlias("-o"),
        SettingOption.Value<RunSettings>("samples", "N", "Number of synthetic points, 2 to 10000000", s => s.Samples, (s, v) => s.Samples = v!),
        SettingOption.Value<RunSettings>("seed", "SEED", "Seed of numpy's legacy generator for the data and the split (0 to 4294967295)", s => s.Seed, (s, v) => s.Seed = v!),
        SettingOption.Value<RunSettings>("shuffle-seed", "SEED", "Seed of the generator that shuffles the training set each epoch (default: --seed)", s => s.ShuffleSeed, (s, v) => s.ShuffleSeed = v),
        SettingOption.Value<RunSettings>("x-mean", "MEAN", "Mean of x ~ Normal(mean, std), |mean| <= 1e6", s => s.XMean, (s, v) => s.XMean = v!),
        SettingOption.Value<RunSettings>("x-std", "STD", "Standard deviation of x (> 0, <= 1e6)", s => s.XStd, (s, v) => s.XStd = v!),
        SettingOption.Value<RunSettings>("noise-std", "STD", "Standard deviation of the noise on y (0 to 1e6)", s => s.NoiseStd, (s, v) => s.NoiseStd = v!),
        SettingOption.Value<RunSettings>("test-fraction", "F", "Fraction of points held out for the test loss, in (0, 1)", s => s.TestFraction, (s, v) => s.TestFraction = v!),
        SettingOption.Value<RunSettings>("hidden", "N", "Hidden tanh units, shorthand for --layers 1,N,1, 1 to 10000 (default 1: the article's two weights); records × parameters at most 20000000", s => s.Hidden, (s, v) => s.Hidden = v),
        SettingOption.Value<RunSettings>("epochs", "N", "Passes over the training set (0 to 99999)", s => s.Epochs, (s, v) => s.Epochs = v!),
        SettingOption.Value<RunSettings>("batch-size", "N", "Minibatch size (1 to the training set size), or full: every step on the whole training set (gradient descent)", s => s.BatchSize, (s, v) => s.BatchSize = v!),
        SettingOption.Value<RunSettings>("init", "W1,W2", "Start of a 1,N,1 network: every hidden weight W1, every output weight W2, each between -1e6 and 1e6 (default -1,-1 for the seed's 1,N,1 tanh)", s => s.Init, (s, v) => s.Init = v),
        .. StartOptions(),
        SettingOption.Flag<RunSettings>("no-shuffle", "Keep the split's order every epoch (matches PyTorch without shuffling)", s => s.NoShuffle, (s, v) => s.NoShuffle = v),
        SettingOption.Value<RunSettings>("record", "WHEN", "Record after every epoch or every step: epochs|steps (at most 100000 records)", s => s.Record, (s, v) => s.Record = v!),
        SettingOption.Value<RunSettings>("w1", "START:STOP:STEP", "weights plane: grid over w1, numpy.arange semantics, stop excluded; start and stop between -1e6 and 1e6 (default -2:2:0.05)", s => s.W1, (s, v) => s.W1 = v),
        SettingOption.Value<RunSettings>("w2", "START:STOP:STEP", "weights plane: grid over w2, numpy.arange semantics, stop excluded; start and stop between -1e6 and 1e6 (default -2:2:0.05)", s => s.W2, (s, v) => s.W2 = v),
        SettingOption.Flag<RunSettings>("no-extend", "Keep the given grid even when the trajectory leaves it", s => s.NoExtend, (s, v) => s.NoExtend = v),
        .. ModelOptions(),
        .. DataOptions(),
        SettingOption.Value<RunSettings>("plotlyjs", "MODE", "How the HTML gets plotly.js: inline|cdn|directory", s => s.PlotlyJs, (s, v) => s.PlotlyJs = v!),
        .. TrainingOptions,
        SettingOption.Flag<RunSettings>("log-loss", "Draw log10 of the loss in the 3-D view (landscape.html; compare.html) and in contour.html", s => s.LogLoss, (s, v) => s.LogLoss = v),
        SettingOption.Flag<RunSettings>("no-animation", "Leave out the play button and slider that grow the paths record by record", s => s.NoAnimation, (s, v) => s.NoAnimation = v),
        SettingOption.Flag<RunSettings>("png", "Also write landscape.png (compare: compare.png) and contour.png (headless Chromium)", s => s.Png, (s, v) => s.Png = v),
        SettingOption.Flag<RunSettings>("svg", "Also write landscape.svg (compare: compare.svg) and contour.svg (headless Chromium)", s => s.Svg, (s, v) => s.Svg = v),
        SettingOption.Value<RunSettings>("width", "PIXELS", "Width of the figures and images in pixels (100 to 8000). Default: 800; compare's race figure: 900", s => s.Width, (s, v) => s.Width = v!).WithoutDefaultInHelp(),
        SettingOption.Value<RunSettings>("height", "PIXELS", "Height of the figures and images in pixels (100 to 8000). Default: 800; compare's race figure: 1100", s => s.Height, (s, v) => s.Height = v!).WithoutDefaultInHelp(),
        SettingOption.Value<RunSettings>("browser", "PATH", "Chromium or Chrome for --png/--svg (default: chromium, chromium-browser or google-chrome on PATH)", s => s.Browser, (s, v) => s.Browser = v),
    ];

    /// <summary>The options only <c>run</c> has.</summary>
    public static IReadOnlyList<SettingOption> RunOnlyOptions { get; } =
    [
        SettingOption.Value<RunSettings>("config", "RUN.JSON", "Rerun the options recorded in a run folder's run.json (give --out for the new folder; other options come from the file; at most 16 MiB)", s => s.Config, (s, v) => s.Config = v),
        .. CurvatureOptionTable(),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<SettingOption> Options => AllRunOptions;

    private static readonly IReadOnlyList<SettingOption> AllRunOptions = [.. RunOptions, .. RunOnlyOptions];

    /// <summary>The grid over w1 and w2 when not given.</summary>
    public const string DefaultGrid = "-2:2:0.05";

    /// <summary>The parsed plotly.js mode.</summary>
    public PlotlyJsMode PlotlyJsMode() => OptionValue.Choice<PlotlyJsMode>("--plotlyjs", PlotlyJs);

    /// <summary>Parses every value; throws <see cref="UsageException"/> naming the first bad option.</summary>
    public ExperimentOptions ToOptions() => ToOptions(ToOptimizerSettings());

    /// <summary>Parses every option but the training ones, and uses <paramref name="optimizer"/> for those.</summary>
    public ExperimentOptions ToOptions(OptimizerSettings optimizer)
    {
        var seed = OptionValue.Seed("--seed", Seed);
        var init = Init is null ? [-1.0, -1.0] : OptionValue.List("--init", Init, 2, "W1,W2 (e.g. --init -1,-1)");
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
            Hidden = Hidden is null ? null : OptionValue.Int("--hidden", Hidden),
            Optimizer = optimizer,
            Training = new TrainingOptions
            {
                Epochs = OptionValue.Int("--epochs", Epochs),
                BatchSize = ParsedBatchSize,
                Shuffle = !NoShuffle,
                ShuffleSeed = ShuffleSeed is null ? seed : OptionValue.Seed("--shuffle-seed", ShuffleSeed),
                Record = OptionValue.Choice<RecordChoice>("--record", Record) == RecordChoice.Steps ? RecordEvery.Step : RecordEvery.Epoch,
            },
            InitW1 = init[0],
            InitW2 = init[1],
            InitGiven = Init is not null,
            W1 = OptionValue.Axis("--w1", W1 ?? DefaultGrid),
            W2 = OptionValue.Axis("--w2", W2 ?? DefaultGrid),
            WeightsGridGiven = W1 is not null || W2 is not null,
            ExtendGrid = !NoExtend,
        };
        _ = PlotlyJsMode();
        try
        {
            options = WithModelAndPlane(WithDataAndModelFile(options));
            options = WithCurvature(WithPlaneStart(options));
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new UsageException(LandscapeOutput.Describe(e));
        }

        return options;
    }
}
