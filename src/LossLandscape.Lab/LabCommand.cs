using System.Globalization;
using LossLandscape.IO;

namespace LossLandscape.Lab;

/// <summary>
/// The <c>losslandscape</c> command line that reproduces runs on screen: each request field becomes the option of the
/// same name. One run gives <c>run</c>; several runs from the same start and training give <c>compare</c>.
/// </summary>
internal static class LabCommand
{
    /// <summary>The command for <paramref name="runs"/> (validated by the caller), and what it cannot reproduce.</summary>
    public static CommandResponse For(IReadOnlyList<RunRequest> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new InvalidOptionException("runs", "needs at least one run");
        }

        var first = runs[0];
        var shared = new List<string>();
        Landscape(shared, first.Landscape ?? new LandscapeRequest());
        string? note = null;
        var weights = (first.Landscape?.Plane ?? "weights").Equals("weights", StringComparison.OrdinalIgnoreCase) && first.Landscape?.Layers is null or [1, _, 1] && first.Landscape?.Bias is not true;
        if (first.Start is [var a, var b])
        {
            if (weights)
            {
                shared.Add("--init");
                shared.Add(Number(a) + "," + Number(b));
            }
            else if (a != 0 || b != 0)
            {
                note = "the command starts at the plane's centre (0, 0); a start elsewhere on a random plane is not an option of run";
            }
        }

        Training(shared, first);
        shared.Add("--no-extend");
        var sameTraining = runs.All(r => Same(r, first));
        if (runs.Count == 1 || !sameTraining)
        {
            if (runs.Count > 1)
            {
                note = "the runs differ in their landscape, start or training options (epochs, batch size, record): the command reproduces the first one";
            }

            var single = new List<string>(shared);
            Optimizer(single, first);
            return new CommandResponse(Join("run", single), note);
        }

        var race = new List<string>(shared);
        foreach (var run in runs)
        {
            var spec = new List<string>();
            Optimizer(spec, run);
            race.Add("--run");
            race.Add(string.Join(' ', spec.Select(s => s.StartsWith("--", StringComparison.Ordinal) ? s : s)).Replace("--optimizer ", string.Empty, StringComparison.Ordinal));
        }

        return new CommandResponse(Join("compare", race), note);
    }

    private static bool Same(RunRequest r, RunRequest first)
    {
        var a = new List<string>();
        var b = new List<string>();
        Landscape(a, r.Landscape ?? new LandscapeRequest());
        Landscape(b, first.Landscape ?? new LandscapeRequest());
        Training(a, r);
        Training(b, first);
        return a.SequenceEqual(b) && (r.Start ?? []).SequenceEqual(first.Start ?? []);
    }

    private static void Landscape(List<string> args, LandscapeRequest r)
    {
        Add(args, "samples", r.Samples);
        Add(args, "seed", r.Seed);
        Add(args, "x-mean", r.XMean);
        Add(args, "x-std", r.XStd);
        Add(args, "noise-std", r.NoiseStd);
        Add(args, "test-fraction", r.TestFraction);
        if (r.Layers is { } layers)
        {
            args.Add("--layers");
            args.Add(string.Join(',', layers.Select(l => l.ToString(CultureInfo.InvariantCulture))));
        }

        Add(args, "activation", r.Activation);
        Flag(args, "bias", r.Bias);
        Add(args, "init-seed", r.InitSeed);
        Add(args, "plane", r.Plane);
        if (r.Plane is { } plane && plane.Equals("random", StringComparison.OrdinalIgnoreCase))
        {
            args.Add("--center");
            args.Add("init");
        }

        Add(args, "direction-seed", r.DirectionSeed);
        Add(args, "normalize", r.Normalize);
        Add(args, "biases", r.Biases);
        Add(args, "w1", r.W1);
        Add(args, "w2", r.W2);
        Add(args, "a-range", r.ARange);
        Add(args, "b-range", r.BRange);
        // The command line's "all" also computes the sharpness map, which the lab does not draw: name the three surfaces.
        Add(args, "surface", string.Equals(r.Surface, "all", StringComparison.OrdinalIgnoreCase) ? "test,train,gap" : r.Surface);
        Add(args, "precision", r.Precision);
    }

    private static void Training(List<string> args, RunRequest r)
    {
        Add(args, "epochs", r.Epochs);
        Add(args, "batch-size", r.BatchSize);
        Flag(args, "no-shuffle", r.NoShuffle);
        Add(args, "shuffle-seed", r.ShuffleSeed);
        Add(args, "record", r.Record);
    }

    private static void Optimizer(List<string> args, RunRequest r)
    {
        Add(args, "optimizer", r.Optimizer ?? "sgd");
        Add(args, "lr", r.Lr);
        Add(args, "momentum", r.Momentum);
        Add(args, "dampening", r.Dampening);
        Flag(args, "nesterov", r.Nesterov);
        Add(args, "weight-decay", r.WeightDecay);
        Add(args, "beta1", r.Beta1);
        Add(args, "beta2", r.Beta2);
        Add(args, "eps", r.Eps);
        Flag(args, "amsgrad", r.Amsgrad);
        Add(args, "alpha", r.Alpha);
        Flag(args, "centered", r.Centered);
        Add(args, "lr-decay", r.LrDecay);
        Add(args, "initial-accumulator", r.InitialAccumulator);
        Add(args, "schedule", r.Schedule);
        Add(args, "step-size", r.StepSize);
        Add(args, "gamma", r.Gamma);
        Add(args, "t-max", r.TMax);
        Add(args, "eta-min", r.EtaMin);
    }

    private static void Add(List<string> args, string name, double? value)
    {
        if (value is { } v)
        {
            args.Add("--" + name);
            args.Add(Number(v));
        }
    }

    private static void Add(List<string> args, string name, long? value)
    {
        if (value is { } v)
        {
            args.Add("--" + name);
            args.Add(v.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Add(List<string> args, string name, string? value)
    {
        if (value is not null)
        {
            args.Add("--" + name);
            args.Add(value.Trim().ToLowerInvariant());
        }
    }

    private static void Flag(List<string> args, string name, bool? value)
    {
        if (value is true)
        {
            args.Add("--" + name);
        }
    }

    private static string Number(double value) => Numbers.Format(value);

    /// <summary>The words joined for a POSIX shell: words other than plain option characters are single-quoted.</summary>
    private static string Join(string command, List<string> args) =>
        "losslandscape " + command + string.Concat(args.Select(a => " " + Quote(a)));

    /// <summary>Quotes a word for a POSIX shell when it holds anything but plain option characters.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ',' or ':' or '_' or '+' or '=')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
