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
        var startPlane = first.StartPlane ?? first.Landscape?.Plane;
        var weights = (startPlane ?? "weights").Equals("weights", StringComparison.OrdinalIgnoreCase) && first.Landscape?.Layers is null or [1, _, 1] && first.Landscape?.Bias is not true;
        if (first.Start is [var a, var b])
        {
            if (weights)
            {
                shared.Add("--init");
                shared.Add(Number(a) + "," + Number(b));
            }
            else if ((a != 0 || b != 0) && first.StartPlane is null && first.Landscape?.Plane is null or "random" && RequestMapping.IsRandomPlane(first.Landscape ?? new LandscapeRequest()))
            {
                shared.Add("--start");
                shared.Add(Number(a) + "," + Number(b));
            }
            else if (a != 0 || b != 0)
            {
                note = "the run started off the plane's centre, at a point of the random plane drawn before training; the command starts at the plane's first record";
            }
        }

        Training(shared, first);
        var sameTraining = runs.All(r => Same(r, first));
        if (runs.Count == 1 || !sameTraining)
        {
            if (runs.Count > 1)
            {
                note = "the runs differ in their landscape, start or training options (epochs, batch size, record): the command reproduces the first one";
            }

            var single = new List<string>(shared);
            Optimizer(single, first);
            return new CommandResponse(Join("run", single), note) { Words = single };
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

    /// <summary>
    /// run.json's options when no parser describes them: each <c>--name value</c> (or flag) of <paramref name="words"/>
    /// as given, by name without the dashes.
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject AsOptions(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var options = new System.Text.Json.Nodes.JsonObject();
        for (var i = 0; i < words.Count; i++)
        {
            var name = words[i][2..];
            var flag = i + 1 == words.Count || words[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[name] = flag ? true : words[++i];
        }

        return options;
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
        Add(args, "bias", r.Bias);
        Add(args, "init-seed", r.InitSeed);
        // The lab draws a random plane (given or by default) around the start, before training: --center init.
        var random = r.Plane is null or "random" && RequestMapping.IsRandomPlane(r);
        Add(args, "plane", random ? "random" : r.Plane);
        if (random)
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
        Add(args, "no-shuffle", r.NoShuffle);
        Add(args, "shuffle-seed", r.ShuffleSeed);
        Add(args, "record", r.Record);
    }

    private static void Optimizer(List<string> args, RunRequest r)
    {
        Add(args, "optimizer", r.Optimizer ?? "sgd");
        Add(args, "lr", r.Lr);
        Add(args, "momentum", r.Momentum);
        Add(args, "dampening", r.Dampening);
        Add(args, "nesterov", r.Nesterov);
        Add(args, "weight-decay", r.WeightDecay);
        Add(args, "beta1", r.Beta1);
        Add(args, "beta2", r.Beta2);
        Add(args, "eps", r.Eps);
        Add(args, "amsgrad", r.Amsgrad);
        Add(args, "rmsprop-alpha", r.RmspropAlpha);
        Add(args, "centered", r.Centered);
        Add(args, "lr-decay", r.LrDecay);
        Add(args, "initial-accumulator", r.InitialAccumulator);
        Add(args, "schedule", r.Schedule);
        Add(args, "step-size", r.StepSize);
        Add(args, "gamma", r.Gamma);
        Add(args, "t-max", r.TMax);
        Add(args, "eta-min", r.EtaMin);
    }

    /// <summary>
    /// Adds <c>--name value</c> for a field that is set: numbers in the files' shortest round-trip form, words trimmed
    /// and in lower case, a flag alone when true.
    /// </summary>
    private static void Add(List<string> args, string name, object? value)
    {
        var text = value switch
        {
            null or false => null,
            true => string.Empty,
            double d => Number(d),
            string word => word.Trim().ToLowerInvariant(),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        if (text is null)
        {
            return;
        }

        args.Add("--" + name);
        if (text.Length > 0)
        {
            args.Add(text);
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
