using System.Globalization;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Models;
using LossLandscape.Optim;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Lab;

/// <summary>
/// Maps the lab's requests onto the core's <see cref="ExperimentOptions"/>: the fields are only parsed here (words,
/// grids); every range is checked by the core's own validation, the one the command line uses, plus the lab's tighter
/// limits (<see cref="LabLimits"/>). Errors are <see cref="InvalidOptionException"/> naming the field.
/// </summary>
internal static class RequestMapping
{
    /// <summary>The landscape's options (no training given: the defaults), validated.</summary>
    public static ExperimentOptions Landscape(LandscapeRequest? request)
    {
        var options = LandscapeOptions(request ?? new LandscapeRequest());
        Validate(options);
        return options;
    }

    /// <summary>The run's options: its landscape with the optimizer, training and start, validated.</summary>
    public static ExperimentOptions Run(RunRequest request, LandscapeSession? session = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var landscape = LandscapeOptions(request.Landscape ?? new LandscapeRequest());
        var seed = landscape.Data.Seed;
        var optimizer = new OptimizerSettings
        {
            Kind = request.Optimizer is null ? OptimizerKind.Sgd : Word<OptimizerKind>("optimizer", request.Optimizer),
            LearningRate = request.Lr,
            Momentum = request.Momentum,
            Dampening = request.Dampening,
            Nesterov = request.Nesterov ?? false,
            WeightDecay = request.WeightDecay,
            Beta1 = request.Beta1,
            Beta2 = request.Beta2,
            Epsilon = request.Eps,
            AmsGrad = request.Amsgrad ?? false,
            Alpha = request.RmspropAlpha,
            Centered = request.Centered ?? false,
            LearningRateDecay = request.LrDecay,
            InitialAccumulator = request.InitialAccumulator,
            Schedule = request.Schedule is null ? ScheduleKind.Constant : Word<ScheduleKind>("schedule", request.Schedule),
            StepSize = request.StepSize,
            Gamma = request.Gamma,
            MaxEpochs = request.TMax,
            MinLearningRate = request.EtaMin,
        };
        var options = landscape with
        {
            Optimizer = optimizer,
            Training = new TrainingOptions
            {
                Epochs = request.Epochs ?? 25,
                BatchSize = request.BatchSize ?? 32,
                Shuffle = !(request.NoShuffle ?? false),
                ShuffleSeed = request.ShuffleSeed ?? seed,
                Record = request.Record is null ? RecordEvery.Epoch : Word<RecordWord>("record", request.Record) == RecordWord.Steps ? RecordEvery.Step : RecordEvery.Epoch,
            },
        };
        if (request.Start is { } start)
        {
            if (start.Length != 2)
            {
                throw new InvalidOptionException("start", $"must be two plane coordinates [a, b] (got {start.Length} numbers)");
            }

            if (PlaneKind(options) == Planes.PlaneKind.Weights)
            {
                options = options with { InitW1 = start[0], InitW2 = start[1], InitGiven = true, InitSeed = null };
            }
            else if (start[0] != 0 || start[1] != 0)
            {
                // θ₀ + a·d₁ + b·d₂ on the plane drawn around the start, as run's --start A,B (validated by the core).
                options = options with { PlaneStart = new PlaneCoordinates(start[0], start[1]) };
            }
        }

        Validate(options);
        return options;
    }

    /// <summary>True when the landscape (valid) is drawn on a random plane, given or by default.</summary>
    public static bool IsRandomPlane(LandscapeRequest request) => PlaneKind(LandscapeOptions(request)) == Planes.PlaneKind.Random;

    /// <summary>The plane kind the options draw.</summary>
    public static PlaneKind PlaneKind(ExperimentOptions options) => Pipeline.PipelineValidation.PlaneKindOf(options);

    /// <summary>The core's validation, the lab's limits, and the core's field names turned into the lab's.</summary>
    public static void Check(ExperimentOptions options) => Validate(options);

    /// <summary>A grid axis START:STOP:STEP within the lab's limits, or <see cref="InvalidOptionException"/> naming <paramref name="field"/>.</summary>
    public static GridAxis Grid(string field, string text) => Axis(field, text);

    private static void Validate(ExperimentOptions options)
    {
        LabLimits.CheckCounts(options);
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e) when (e.Option is "init" or "hidden")
        {
            throw new InvalidOptionException(e.Option == "init" ? "start" : "layers", e.Message);
        }

        LabLimits.Check(options);
    }

    private static ExperimentOptions LandscapeOptions(LandscapeRequest r)
    {
        var defaults = new DataOptions();
        var spec = r.Layers is null && r.Activation is null && r.Bias is null
            ? null
            : new MlpSpec(r.Layers ?? [1, 1, 1], r.Activation is null ? Models.Activation.Tanh : Word<Activation>("activation", r.Activation), r.Bias ?? false);
        var options = new ExperimentOptions
        {
            Data = new DataOptions
            {
                Samples = r.Samples ?? defaults.Samples,
                Seed = r.Seed ?? defaults.Seed,
                XMean = r.XMean ?? defaults.XMean,
                XStd = r.XStd ?? defaults.XStd,
                NoiseStd = r.NoiseStd ?? defaults.NoiseStd,
                TestFraction = r.TestFraction ?? defaults.TestFraction,
            },
            Model = spec,
            InitSeed = r.InitSeed,
            W1 = Axis("w1", r.W1 ?? "-2:2:0.05"),
            W2 = Axis("w2", r.W2 ?? "-2:2:0.05"),
            WeightsGridGiven = r.W1 is not null || r.W2 is not null,
            ARange = r.ARange is null ? null : Axis("a-range", r.ARange),
            BRange = r.BRange is null ? null : Axis("b-range", r.BRange),
            Surfaces = r.Surface is null ? SurfaceQuantities.Test : Word<SurfaceWord>("surface", r.Surface) switch
            {
                SurfaceWord.Train => SurfaceQuantities.Train,
                SurfaceWord.Gap => SurfaceQuantities.Gap,
                SurfaceWord.All => SurfaceQuantities.All,
                _ => SurfaceQuantities.Test,
            },
            Precision = r.Precision is null ? null : Word<PrecisionWord>("precision", r.Precision) == PrecisionWord.Float64 ? SurfacePrecision.Double : SurfacePrecision.Single,
        };

        // The model is checked before the plane is read against its layout, as on the command line.
        options.ModelSpec.ThrowIfInvalid(inputs: 1, outputs: 1);
        if (r.Plane is null && r.DirectionSeed is null && r.Normalize is null && r.Biases is null)
        {
            // A model other than the seed's is drawn on a random plane by default; the lab's is centred at the start.
            return PlaneKind(options) == Planes.PlaneKind.Random ? options with { Plane = new PlaneSpec { Kind = Planes.PlaneKind.Random, Center = CenterKind.Init } } : options;
        }

        // As on the command line: plane options without --plane describe the weights plane (which refuses them).
        var kind = Planes.PlaneKind.Weights;
        if (r.Plane is not null)
        {
            kind = r.Plane.Trim().ToLowerInvariant() switch
            {
                "weights" => Planes.PlaneKind.Weights,
                "random" => Planes.PlaneKind.Random,
                _ => throw new InvalidOptionException("plane", $"'{r.Plane}' is not allowed here; use one of weights|random (pca, points and line need a finished run: losslandscape run --plane ...)"),
            };
        }

        return options with
        {
            Plane = new PlaneSpec
            {
                Kind = kind,
                Normalize = r.Normalize is null ? null : PlaneNames.ParseNormalization(r.Normalize),
                Biases = r.Biases is null ? null : PlaneNames.ParseBiases(r.Biases),
                DirectionSeed = r.DirectionSeed,

                // The lab draws the plane before any training: it is centred at the start.
                Center = kind == Planes.PlaneKind.Random ? CenterKind.Init : null,
            },
        };
    }

    private static GridAxis Axis(string field, string text)
    {
        // Counted before the axis is built, so a huge grid is refused without allocating it.
        var parts = text.Split(':');
        if (parts.Length == 3
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var stop)
            && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var step)
            && step > 0 && stop > start && Math.Ceiling((stop - start) / step) > LabLimits.MaxGridPoints)
        {
            throw new InvalidOptionException(field, $"'{text}' has more than {LabLimits.MaxGridPoints} points; at most {LabLimits.MaxGridPoints} grid points in the lab");
        }

        try
        {
            return GridAxis.Parse(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidOptionException(field, $"{e.Message} (START:STOP:STEP, e.g. -2:2:0.05)");
        }
    }

    private static T Word<T>(string field, string text)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(value.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        var words = string.Join('|', Enum.GetValues<T>().Select(v => v.ToString().ToLowerInvariant()));
        throw new InvalidOptionException(field, string.Create(CultureInfo.InvariantCulture, $"'{text}' is not allowed; use one of {words}"));
    }

    private enum RecordWord
    {
        Epochs,
        Steps,
    }

    private enum SurfaceWord
    {
        Test,
        Train,
        Gap,
        All,
    }

    private enum PrecisionWord
    {
        Float32,
        Float64,
    }
}

/// <summary>The lab's limits, tighter than the command line's: one page serves several people on one machine.</summary>
public static class LabLimits
{
    /// <summary>Most grid points of a surface.</summary>
    public const long MaxGridPoints = 1_000_000;

    /// <summary>Most data points.</summary>
    public const int MaxSamples = 1_000_000;

    /// <summary>Most epochs of a run.</summary>
    public const int MaxEpochs = 1_000;

    /// <summary>Most model parameters.</summary>
    public const long MaxParameters = 100_000;

    /// <summary>Largest request body in bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Throws <see cref="InvalidOptionException"/> when the samples or epochs are outside the lab's ranges (checked before the core's wider ones).</summary>
    public static void CheckCounts(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Data.Samples is < 2 or > MaxSamples)
        {
            throw new InvalidOptionException("samples", $"must be between 2 and {MaxSamples} in the lab (got {options.Data.Samples})");
        }

        if (options.Training.Epochs is < 0 or > MaxEpochs)
        {
            throw new InvalidOptionException("epochs", $"must be between 0 and {MaxEpochs} in the lab (got {options.Training.Epochs})");
        }
    }

    /// <summary>Throws <see cref="InvalidOptionException"/> naming the first field beyond a limit.</summary>
    public static void Check(ExperimentOptions options)
    {
        CheckCounts(options);

        if (options.ModelSpec.ParameterCount > MaxParameters)
        {
            throw new InvalidOptionException("layers", $"the model has {options.ModelSpec.ParameterCount} parameters; at most {MaxParameters} in the lab");
        }

        var weights = Pipeline.PipelineValidation.PlaneKindOf(options) == PlaneKind.Weights;
        var (a, b) = Pipeline.PlaneStage.BaseGrid(options, weights ? PlaneKind.Weights : PlaneKind.Random);
        if ((long)a.Count * b.Count > MaxGridPoints)
        {
            throw new InvalidOptionException(weights ? "w1" : "a-range", $"the grid has {(long)a.Count * b.Count} points; at most {MaxGridPoints} in the lab");
        }
    }
}
