using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossLandscape.Files;
using LossLandscape.Planes;
using LossLandscape.Platform;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Landscape;

/// <summary>
/// run.json: the command, every option's value, the tool's version, what was resolved, the results and the seconds per
/// stage. The command line and the lab's download both write it through <see cref="Write"/>.
/// </summary>
public static class RunJson
{
    /// <summary>The tool's version (assembly informational version without build metadata).</summary>
    public static string Version =>
        (typeof(RunJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>Writes the manifest atomically; <paramref name="options"/> holds every option's value as given.</summary>
    public static void Write(string path, string command, JsonObject options, JsonObject resolved, JsonObject results, IReadOnlyDictionary<string, double> seconds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seconds);
        var timings = new JsonObject();
        foreach (var (stage, value) in seconds)
        {
            timings[stage] = value;
        }

        var root = new JsonObject
        {
            ["tool"] = "losslandscape",
            ["version"] = Version,
            ["command"] = command,
            ["created_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["options"] = options.DeepClone(),
            ["resolved"] = resolved,
            ["results"] = results,
            ["seconds"] = timings,
        };

        // JSON has no NaN or infinity: a value that overflowed is written as null (the console says so).
        Numbers.NullNonFinite(root);
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The resolved values every run.json starts with: the final grid, the shuffle seed and the sizes.</summary>
    public static JsonObject Resolved(LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var resolved = new JsonObject();
        if (result.Slice is LandscapeSlice.OnPlane { Surface: var surface })
        {
            resolved[surface.Axis1Name] = surface.Axis1.ToString();
            resolved[surface.Axis2Name] = surface.Axis2.ToString();
            resolved[surface.Axis1Name + "_points"] = surface.Axis1.Count;
            resolved[surface.Axis2Name + "_points"] = surface.Axis2.Count;
        }
        else if (result.Slice is LandscapeSlice.OnLine { Profile: var line })
        {
            resolved["alpha"] = line.Alpha.ToString();
            resolved["alpha_points"] = line.Alpha.Count;
        }

        resolved["grid_extended"] = result.GridExtension is not null;
        resolved["shuffle_seed"] = result.Options.Training.ShuffleSeed;
        resolved["train_points"] = result.Train.Count;
        resolved["test_points"] = result.Test.Count;
        resolved["parameters"] = result.Model.ParameterCount;
        return resolved;
    }

    /// <summary>A run's resolved values: <see cref="Resolved"/>, the training in force, the data, model, plane and surface method.</summary>
    public static JsonObject RunResolved(LandscapeResult result)
    {
        var resolved = Resolved(result);
        resolved["training"] = result.Options.PathIsGiven ? "none: the path is the checkpoints (or the model's own weights), evaluated" : TrainingJson.Describe(result.Options.Optimizer, result.Options.Training.Epochs);
        DataJson.AddTo(resolved, result);
        resolved["model"] = result.Options.Graph?.Description ?? result.Options.ModelSpec.ToString();
        resolved["plane"] = PlaneNames.Name(result.Directions.Kind);
        if (result.Network is { } network && result.Slice is LandscapeSlice.OnPlane { Plane: var plane })
        {
            resolved["surface_method"] = Kebab(SurfaceEvaluator.ChooseMethod(network, plane).ToString());
        }

        return resolved;
    }

    /// <summary>A run's results: the surface's minimum, the final record, the largest distance from the plane, divergence.</summary>
    public static JsonObject RunResults(LandscapeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var path = result.Paths[0];
        var last = path.Records[^1];
        var at = path.Projections[^1];
        var final = new JsonObject
        {
            ["epoch"] = last.Epoch,
            ["step"] = last.Step,
        };
        if (result.Directions.Kind == PlaneKind.Weights)
        {
            final["w1"] = at.A;
            final["w2"] = at.B;
        }
        else
        {
            final["a"] = at.A;
            final["b"] = at.B;
            final["distance"] = at.Distance;
        }

        final["test_loss"] = last.TestLoss;
        final["train_loss"] = last.TrainLoss;
        var results = new JsonObject();
        if (result.Slice is LandscapeSlice.OnPlane plane)
        {
            results["surface_minimum"] = SurfaceMinimum(plane.Surface);
        }

        results["final"] = final;
        results["max_distance"] = path.Projections.Max(p => p.Distance);
        results["diverged"] = Divergence(path.Trajectory);
        return results;
    }

    /// <summary>A race's resolved values: <see cref="Resolved"/>, the data and the batch order every run shares.</summary>
    public static JsonObject RaceResolved(LandscapeResult result)
    {
        var resolved = Resolved(result);
        DataJson.AddTo(resolved, result);
        resolved["batch_order"] = result.Options.Training.Shuffle ? "shuffled each epoch with the shuffle seed, the same for every run" : "the split's order, the same for every run";
        return resolved;
    }

    /// <summary>
    /// A race's results: the surface's (or line's) minimum and each run's final record, divergence and curvature, with
    /// its colour in the figures (<paramref name="colorOf"/> of its index); the curvature's settings once.
    /// </summary>
    public static JsonObject RaceResults(LandscapeResult result, Func<int, string> colorOf)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(colorOf);
        var runs = new JsonArray();
        var onLine = result.Slice is LandscapeSlice.OnLine;
        for (var k = 0; k < result.Paths.Count; k++)
        {
            var path = result.Paths[k];
            var last = path.Records[^1];
            var at = path.Projections[^1];
            var final = onLine
                ? new JsonObject { ["epoch"] = last.Epoch, ["step"] = last.Step, ["alpha"] = at.A, ["distance"] = at.Distance }
                : new JsonObject { ["epoch"] = last.Epoch, ["step"] = last.Step, ["w1"] = at.A, ["w2"] = at.B };
            final["test_loss"] = last.TestLoss;
            final["train_loss"] = last.TrainLoss;
            final["lr"] = last.LearningRate;
            var entry = new JsonObject
            {
                ["label"] = path.Entry.Label,
                ["color"] = colorOf(k),
                ["training"] = TrainingJson.Describe(path.Entry.Optimizer, result.Options.Training.Epochs),
                ["final"] = final,
                ["diverged"] = Divergence(path.Trajectory),
            };
            if (!onLine)
            {
                entry["left_surface"] = path.LeftSurface;
            }

            if (CurvatureColumns.PathBlock(path) is { } fullHessian)
            {
                entry["full_hessian"] = fullHessian;
            }

            entry["training_seconds"] = path.TrainingSeconds;
            runs.Add((JsonNode)entry);
        }

        var results = result.Slice switch
        {
            LandscapeSlice.OnPlane plane => new JsonObject { ["surface_minimum"] = SurfaceMinimum(plane.Surface), ["runs"] = runs },
            LandscapeSlice.OnLine line => new JsonObject { ["line_minimum"] = LineMinimum(line.Profile), ["runs"] = runs },
            _ => throw new UnreachableException(),
        };
        if (CurvatureColumns.Settings(result.Paths) is { } settings)
        {
            results["full_hessian"] = settings;
        }

        return results;
    }

    /// <summary>The line's lowest test loss: <c>{ alpha, loss }</c>.</summary>
    public static JsonObject LineMinimum(LineProfile line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var lowest = line.Lowest;
        return new JsonObject { ["alpha"] = line.Alpha[lowest], ["loss"] = line.TestLoss[lowest] };
    }

    /// <summary>A run's seconds per stage: data, training, surface, writing, total, analysis and, when computed, curvature.</summary>
    public static Dictionary<string, double> RunSeconds(LandscapeResult result, double writingSeconds, double totalSeconds)
    {
        var seconds = Seconds(result, writingSeconds, totalSeconds);
        seconds["analysis"] = result.AnalysisSeconds;
        if (result.Paths[0].Curvature is { } timed)
        {
            seconds["curvature"] = timed.PathSeconds;
            seconds["sharpness_map"] = timed.MapSeconds;
        }

        return seconds;
    }

    /// <summary>The seconds per stage every run.json has.</summary>
    public static Dictionary<string, double> Seconds(LandscapeResult result, double writingSeconds, double totalSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Dictionary<string, double>
        {
            ["data"] = result.DataSeconds,
            ["training"] = result.TrainingSeconds,
            ["surface"] = result.SurfaceSeconds,
            ["writing"] = writingSeconds,
            ["total"] = totalSeconds,
        };
    }

    /// <summary>The surface's lowest grid point: <c>{ w1, w2, loss }</c>.</summary>
    public static JsonObject SurfaceMinimum(LossSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var min = SurfaceMath.Minimum(surface);
        return new JsonObject
        {
            [surface.Axis1Name] = surface.Axis1[min.I],
            [surface.Axis2Name] = surface.Axis2[min.J],
            ["loss"] = min.Loss,
        };
    }

    /// <summary>Where training diverged, <c>{ epoch, step, reason }</c>, or null when it did not.</summary>
    public static JsonObject? Divergence(Trajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        return trajectory.Divergence is { } d
            ? new JsonObject { ["epoch"] = d.Epoch, ["step"] = d.Step, ["reason"] = d.Reason }
            : null;
    }

    // The command line's words for enum values: QuadraticRows is quadratic-rows.
    private static string Kebab(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
