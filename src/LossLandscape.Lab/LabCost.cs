using System.Globalization;
using LossLandscape.Experiments;
using LossLandscape.Planes;

namespace LossLandscape.Lab;

/// <summary>
/// Admission by cost: a request's work (grid points × samples × parameters for a surface, steps × batch × parameters
/// and records × samples × parameters for a run) and its memory are estimated before it gets a slot, and what cannot
/// finish within the lab's time limit, or would not fit its memory budget, is refused with 422 naming the fields that
/// make it large. The rate is deliberately optimistic, so a request is refused only when it cannot finish at all.
/// </summary>
internal static class LabCost
{
    /// <summary>Multiply-adds one core is taken to do per second (a Zen 4 core on the surface kernels reaches about a quarter of this).</summary>
    public const double WorkPerCoreSecond = 2e10;

    /// <summary>Bytes a run keeps per record besides its parameters: the event, the projection and the record itself.</summary>
    public const int RecordOverheadBytes = 512;

    /// <summary>Throws <see cref="LabCostException"/> when the surface of <paramref name="options"/> cannot be computed on <paramref name="cores"/> cores within <paramref name="limit"/>.</summary>
    public static void CheckSurface(ExperimentOptions options, TimeSpan limit, int cores)
    {
        ArgumentNullException.ThrowIfNull(options);
        var weights = Pipeline.PipelineValidation.PlaneKindOf(options) == PlaneKind.Weights;
        var (a, b) = Pipeline.PlaneStage.BaseGrid(options, weights ? PlaneKind.Weights : PlaneKind.Random);
        var points = (double)a.Count * b.Count;
        var samples = EvaluatedSamples(options);
        var parameters = (double)options.ModelSpec.ParameterCount;
        var work = points * samples * parameters;
        var seconds = work / (WorkPerCoreSecond * Math.Max(1, cores));
        if (seconds > limit.TotalSeconds)
        {
            string[] fields = weights ? ["w1", "w2", "samples", "layers"] : ["a-range", "b-range", "samples", "layers"];
            throw new LabCostException(
                string.Create(CultureInfo.InvariantCulture, $"the surface needs about {work:0.#e0} multiply-adds ({a.Count} × {b.Count} points × {samples:0} samples × {parameters:0} parameters), about {Duration(seconds)} on {cores} cores; the lab's limit is {limit.TotalSeconds:0} s: use a coarser grid ('{fields[0]}', '{fields[1]}'), fewer 'samples' or a smaller model ('layers')"),
                fields);
        }
    }

    /// <summary>
    /// The bytes the run of <paramref name="options"/> will keep (its records); throws <see cref="LabCostException"/>
    /// when it cannot train within <paramref name="limit"/> on one core, or its records would take more than
    /// <paramref name="memoryBudget"/> bytes.
    /// </summary>
    public static long CheckRun(ExperimentOptions options, TimeSpan limit, long memoryBudget)
    {
        ArgumentNullException.ThrowIfNull(options);
        var samples = (double)options.Data.Samples;
        var train = Math.Max(1, Math.Round(samples * (1 - options.Data.TestFraction)));
        var parameters = (double)options.ModelSpec.ParameterCount;
        var training = options.Training;
        var batch = (double)Math.Min(training.BatchFor((int)train), train);
        var stepsPerEpoch = Math.Ceiling(train / batch);
        var steps = training.Epochs * stepsPerEpoch;
        var records = 1 + (training.Record == Training.RecordEvery.Step ? steps : training.Epochs);

        // A step is a forward and a backward pass over its batch (about three multiply-adds a parameter and sample);
        // a record evaluates the loss on every sample.
        var work = (steps * batch * parameters * 3) + (records * samples * parameters);
        var seconds = work / WorkPerCoreSecond;
        if (seconds > limit.TotalSeconds)
        {
            throw new LabCostException(
                string.Create(CultureInfo.InvariantCulture, $"the run needs about {work:0.#e0} multiply-adds ({steps:0} steps of {batch:0} samples and {records:0} records on {samples:0} samples × {parameters:0} parameters), about {Duration(seconds)} on one core; the lab's limit is {limit.TotalSeconds:0} s: use fewer 'epochs', fewer 'samples', a smaller model ('layers') or 'record' epoch"),
                ["epochs", "samples", "layers", "batch-size", "record"]);
        }

        var bytes = records * ((parameters * 16) + RecordOverheadBytes); // the parameters, and an adaptive optimizer's preconditioner
        if (bytes > memoryBudget)
        {
            throw new LabCostException(
                string.Create(CultureInfo.InvariantCulture, $"the run would keep {records:0} records of {parameters:0} parameters, about {bytes / (1 << 20):0} MiB; the lab keeps at most {memoryBudget / (1 << 20)} MiB a run: use fewer 'epochs', 'record' epoch or a smaller model ('layers')"),
                ["epochs", "record", "layers"]);
        }

        return (long)bytes;
    }

    /// <summary>The samples a surface evaluates at each point: the test set, the training set, or both.</summary>
    private static double EvaluatedSamples(ExperimentOptions options)
    {
        var samples = (double)options.Data.Samples;
        var test = Math.Round(samples * options.Data.TestFraction);
        var quantities = options.Surfaces;
        var needTest = (quantities & (Surface.SurfaceQuantities.Test | Surface.SurfaceQuantities.Gap)) != 0;
        var needTrain = (quantities & (Surface.SurfaceQuantities.Train | Surface.SurfaceQuantities.Gap)) != 0;
        return (needTest ? test : 0) + (needTrain ? samples - test : 0);
    }

    private static string Duration(double seconds) =>
        seconds < 1e5 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s") : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#e0} s");
}

/// <summary>A request whose estimated work or memory is beyond the lab's limits: answered 422, naming <see cref="Fields"/>.</summary>
internal sealed class LabCostException(string message, IReadOnlyList<string> fields) : Exception(message)
{
    /// <summary>The request fields that make the work large.</summary>
    public IReadOnlyList<string> Fields { get; } = fields;
}
