using System.Text.Json.Serialization;

namespace LossLandscape.Lab;

/// <summary>
/// The data, model, plane, grid and surfaces of a landscape. Every field is optional (null: the command line's
/// default) and is named as the <c>losslandscape run</c> option it stands for, so a problem names the field and the option.
/// </summary>
public sealed record LandscapeRequest
{
    /// <summary>--samples: number of synthetic points.</summary>
    public int? Samples { get; init; }

    /// <summary>--seed: seed of the data and the split.</summary>
    public uint? Seed { get; init; }

    /// <summary>--x-mean.</summary>
    public double? XMean { get; init; }

    /// <summary>--x-std.</summary>
    public double? XStd { get; init; }

    /// <summary>--noise-std.</summary>
    public double? NoiseStd { get; init; }

    /// <summary>--test-fraction.</summary>
    public double? TestFraction { get; init; }

    /// <summary>--layers: sizes input, hidden..., output (default 1,1,1).</summary>
    public int[]? Layers { get; init; }

    /// <summary>--activation: tanh|relu|sigmoid|gelu|linear.</summary>
    public string? Activation { get; init; }

    /// <summary>--bias: a bias in every layer.</summary>
    public bool? Bias { get; init; }

    /// <summary>--init-seed: models other than the seed's start from PyTorch's initialisation with this seed.</summary>
    public uint? InitSeed { get; init; }

    /// <summary>--plane: weights|random (pca, points and line need a finished run).</summary>
    public string? Plane { get; init; }

    /// <summary>--direction-seed: random plane.</summary>
    public uint? DirectionSeed { get; init; }

    /// <summary>--normalize: random plane: filter|layer|model|none.</summary>
    public string? Normalize { get; init; }

    /// <summary>--biases: random plane: ignore|keep.</summary>
    public string? Biases { get; init; }

    /// <summary>--w1: weights plane grid START:STOP:STEP.</summary>
    public string? W1 { get; init; }

    /// <summary>--w2: weights plane grid START:STOP:STEP.</summary>
    public string? W2 { get; init; }

    /// <summary>--a-range: random plane grid START:STOP:STEP.</summary>
    public string? ARange { get; init; }

    /// <summary>--b-range: random plane grid START:STOP:STEP.</summary>
    public string? BRange { get; init; }

    /// <summary>--surface: test|train|gap|all.</summary>
    public string? Surface { get; init; }

    /// <summary>--precision: float32|float64.</summary>
    public string? Precision { get; init; }
}

/// <summary>
/// One training run on a landscape: the optimizer, its hyperparameters and schedule, the training options and the
/// start. Fields are named as the <c>losslandscape run</c> options; null takes the command line's default.
/// </summary>
public sealed record RunRequest
{
    /// <summary>The landscape the run is drawn on (the same object as the surface request).</summary>
    public LandscapeRequest? Landscape { get; init; }

    /// <summary>The start in plane coordinates: (w1, w2) on the weights plane (--init), (a, b) on a random plane.</summary>
    public double[]? Start { get; init; }

    /// <summary>The plane <see cref="Start"/> is given on when the landscape's plane is another (a run seen on its pca plane); not read from clients.</summary>
    internal string? StartPlane { get; init; }

    /// <summary>--optimizer: sgd|adam|adamw|rmsprop|adagrad.</summary>
    public string? Optimizer { get; init; }

    /// <summary>--lr.</summary>
    public double? Lr { get; init; }

    /// <summary>--momentum.</summary>
    public double? Momentum { get; init; }

    /// <summary>--dampening.</summary>
    public double? Dampening { get; init; }

    /// <summary>--nesterov.</summary>
    public bool? Nesterov { get; init; }

    /// <summary>--weight-decay.</summary>
    public double? WeightDecay { get; init; }

    /// <summary>--beta1.</summary>
    public double? Beta1 { get; init; }

    /// <summary>--beta2.</summary>
    public double? Beta2 { get; init; }

    /// <summary>--eps.</summary>
    public double? Eps { get; init; }

    /// <summary>--amsgrad.</summary>
    public bool? Amsgrad { get; init; }

    /// <summary>--rmsprop-alpha (rmsprop's smoothing constant).</summary>
    public double? RmspropAlpha { get; init; }

    /// <summary>--centered.</summary>
    public bool? Centered { get; init; }

    /// <summary>--lr-decay.</summary>
    public double? LrDecay { get; init; }

    /// <summary>--initial-accumulator.</summary>
    public double? InitialAccumulator { get; init; }

    /// <summary>--schedule: constant|step|exponential|cosine.</summary>
    public string? Schedule { get; init; }

    /// <summary>--step-size.</summary>
    public int? StepSize { get; init; }

    /// <summary>--gamma.</summary>
    public double? Gamma { get; init; }

    /// <summary>--t-max.</summary>
    public int? TMax { get; init; }

    /// <summary>--eta-min.</summary>
    public double? EtaMin { get; init; }

    /// <summary>--epochs.</summary>
    public int? Epochs { get; init; }

    /// <summary>--batch-size.</summary>
    public int? BatchSize { get; init; }

    /// <summary>--no-shuffle.</summary>
    public bool? NoShuffle { get; init; }

    /// <summary>--shuffle-seed.</summary>
    public uint? ShuffleSeed { get; init; }

    /// <summary>--record: epochs|steps.</summary>
    public string? Record { get; init; }
}

/// <summary>The runs on screen, for "Copy command".</summary>
public sealed record CommandRequest
{
    /// <summary>The runs, in the order they were started.</summary>
    public RunRequest[]? Runs { get; init; }
}

/// <summary>The surface of a landscape (the body of <c>POST /api/surface</c>'s answer).</summary>
/// <param name="Plane">weights or random.</param>
/// <param name="Start">The default start in plane coordinates.</param>
/// <param name="Parameters">The model's parameter count.</param>
/// <param name="Seconds">Server time spent on the request.</param>
/// <param name="Surface">Exactly what <c>run</c> writes to surface.json for the same settings when the path stays on the grid (a run extends the grid to cover its path, as run does).</param>
public sealed record SurfaceResponse(string Plane, double[] Start, long Parameters, double Seconds, SurfaceFile Surface);

/// <summary>The layout of surface.json: <c>axes</c> names the two axis arrays; <c>loss[i][j]</c> is at (A[i], B[j]).</summary>
/// <param name="Axes">The two axis names, e.g. w1 and w2 (each also a property holding that axis's values).</param>
/// <param name="Loss">The test loss, when computed.</param>
/// <param name="TrainLoss">The training loss, when computed.</param>
/// <param name="Gap">Test minus training loss, when computed.</param>
public sealed record SurfaceFile(string[] Axes, double[][]? Loss, [property: JsonPropertyName("train_loss")] double[][]? TrainLoss, double[][]? Gap);

/// <summary>A run was accepted.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Events">Where its records stream (server-sent events).</param>
public sealed record RunStarted(string Id, string Events);

/// <summary>
/// One record of a run as it streams (event <c>record</c>): trajectory.csv's columns, and (in the stream only)
/// <c>computed</c>, the server's wall clock when the record was computed, in milliseconds since 1970-01-01 UTC, so a page
/// on the same machine can tell how long the record took to reach it.
/// </summary>
public sealed record RecordEvent(
    int Index,
    int Epoch,
    int Step,
    double? A,
    double? B,
    [property: JsonPropertyName("test_loss")] double? TestLoss,
    [property: JsonPropertyName("train_loss")] double? TrainLoss,
    double? Lr,
    double? Distance,
    [property: JsonPropertyName("surface_loss")] double? SurfaceLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Computed = null);

/// <summary>The end of a run's stream (event <c>done</c>).</summary>
/// <param name="Status">finished, diverged, stopped, timeout or failed.</param>
/// <param name="Records">How many records were streamed.</param>
/// <param name="Reason">Why it ended early, or null.</param>
/// <param name="Seconds">Training time.</param>
public sealed record DoneEvent(string Status, int Records, string? Reason, double Seconds);

/// <summary>The command line that reproduces the runs on screen.</summary>
/// <param name="Command">The <c>losslandscape run</c> or <c>compare</c> command.</param>
/// <param name="Note">What the command cannot reproduce, or null.</param>
public sealed record CommandResponse(string Command, string? Note)
{
    /// <summary>The words after <c>losslandscape run</c> for a single run (empty for <c>compare</c>); not sent.</summary>
    internal IReadOnlyList<string> Words { get; init; } = [];
}

/// <summary>An RFC 7807 problem: the field at fault and what is allowed.</summary>
/// <param name="Type">A URI naming the kind of problem.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">One line: the field and what is allowed, as the command line says it.</param>
/// <param name="Field">The request field (the option's long name), or null.</param>
public sealed record Problem(string Type, string Title, int Status, string Detail, string? Field)
{
    /// <summary>Every request field the problem is about, when it is about several (a request too costly names what makes it so).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Fields { get; init; }
}

/// <summary>Source-generated serialisation of the requests: fields are the command line's long names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.KebabCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LandscapeRequest))]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(CommandRequest))]
[JsonSerializable(typeof(PlaneRequest))]
internal sealed partial class LabRequestJson : JsonSerializerContext;

/// <summary>Source-generated serialisation of the answers: one-word fields, and snake_case as in the files the command line writes for the others.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.KebabCaseLower)]
[JsonSerializable(typeof(SurfaceResponse))]
[JsonSerializable(typeof(RunStarted))]
[JsonSerializable(typeof(RecordEvent))]
[JsonSerializable(typeof(DoneEvent))]
[JsonSerializable(typeof(CommandResponse))]
[JsonSerializable(typeof(PlaneResponse))]
[JsonSerializable(typeof(LineFile))]
[JsonSerializable(typeof(Problem))]
internal sealed partial class LabResponseJson : JsonSerializerContext;
