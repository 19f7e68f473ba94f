using LossLandscape.Files;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Experiments;

/// <summary>
/// The checks of the model, start and plane options that need no data: which plane is in force, which options it
/// uses, and whether the start fits the model. Every error names its option (without dashes).
/// </summary>
public static class PipelineValidation
{
    /// <summary>The default a-range and b-range of the random and pca planes.</summary>
    public static GridAxis DefaultRange => new(-1, 1, 0.04);

    /// <summary>The default a-range and b-range of the points plane (the three points sit at 0 and 1).</summary>
    public static GridAxis DefaultPointsRange => new(-0.5, 1.5, 0.04);

    /// <summary>The default α values of a line.</summary>
    public static GridAxis DefaultAlpha => new(-0.5, 1.5, 0.01);

    /// <summary>The plane kind in force: the given one, weights for a 1,N,1 network without biases, else random.</summary>
    public static PlaneKind PlaneKindOf(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Plane is { } plane)
        {
            return plane.Kind;
        }

        return options.Graph is null && PlaneBuilder.CanUseWeightsPlane(LayoutOf(options.ModelSpec)) ? PlaneKind.Weights : PlaneKind.Random;
    }

    /// <summary>The parameter layout of <paramref name="spec"/> (PyTorch's Sequential names and order).</summary>
    public static ModelLayout LayoutOf(MlpSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ModelLayout.ForMlp([.. spec.Layers], spec.Bias);
    }

    /// <summary>Throws <see cref="InvalidOptionException"/> for the first model, start or plane option that does not fit.</summary>
    public static void Validate(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = options.ModelSpec;
        var layout = options.Layout;
        if (options.Graph is null)
        {
            ValidateStart(options, spec);
        }

        if (options.Directions is not null && options.Plane is not null)
        {
            throw new InvalidOptionException("directions", "reuses a saved plane; leave out «plane» and its options");
        }

        if ((options.Surfaces & SurfaceQuantities.All) == SurfaceQuantities.None || (options.Surfaces & ~(SurfaceQuantities.All | SurfaceQuantities.Sharpness | SurfaceQuantities.Accuracy)) != 0)
        {
            throw new InvalidOptionException("surface", "must be test, train, gap, sharpness or all");
        }

        if (options.Precision is { } precision && !Enum.IsDefined(precision))
        {
            throw new InvalidOptionException("precision", "must be float32 or float64");
        }

        if (options.Directions is not null)
        {
            // The saved plane decides; only the grid options of a plane with a and b (or of a line) make sense with it.
            if (DirectionsFile.IsLine(options.Directions))
            {
                Refuse(options.WeightsGridGiven || options.ARange is not null || options.BRange is not null, options.WeightsGridGiven ? "w1" : options.ARange is not null ? "a-range" : "b-range", "the saved directions describe a line, drawn over «alpha-range»");
                return;
            }

            Refuse(options.WeightsGridGiven, "w1", "a saved plane is drawn over «a-range» and «b-range»");
            Refuse(options.Alpha is not null, "alpha-range", "only a line takes «alpha-range»; a saved plane is drawn over «a-range» and «b-range»");
            return;
        }

        options.Plane?.Validate();
        var kind = PlaneKindOf(options);
        var name = PlaneNames.Name(kind);
        if (kind == PlaneKind.Weights && !PlaneBuilder.CanUseWeightsPlane(layout))
        {
            _ = PlaneBuilder.WeightsPlane(layout);
        }

        Refuse(options.WeightsGridGiven && kind != PlaneKind.Weights, "w1", $"the {name} plane does not use «w1»/«w2» (the weights plane's grid); use {(kind == PlaneKind.Line ? "«alpha-range»" : "«a-range» and «b-range»")}");
        Refuse(options.ARange is not null && kind is PlaneKind.Weights or PlaneKind.Line, "a-range", $"the {name} plane does not use «a-range»; use {(kind == PlaneKind.Line ? "«alpha-range»" : "«w1»")}");
        Refuse(options.BRange is not null && kind is PlaneKind.Weights or PlaneKind.Line, "b-range", $"the {name} plane does not use «b-range»; use {(kind == PlaneKind.Line ? "«alpha-range»" : "«w2»")}");
        Refuse(options.Alpha is not null && kind != PlaneKind.Line, "alpha-range", $"is the line's range; the {name} plane does not use it");
        Refuse(kind == PlaneKind.Line && options.Precision is not null, "precision", "the line's losses are computed exactly in float64");
        Refuse(kind == PlaneKind.Line && options.Surfaces != SurfaceQuantities.Test, "surface", "the line draws both the test and the training loss");

        var a = options.ARange ?? DefaultRange;
        var b = options.BRange ?? DefaultRange;
        if (kind is PlaneKind.Random or PlaneKind.Pca or PlaneKind.Points && (long)a.Count * b.Count > SurfaceEvaluator.MaxPoints)
        {
            throw new InvalidOptionException("a-range", $"the a × b grid has {(long)a.Count * b.Count} points; at most {SurfaceEvaluator.MaxPoints} are allowed");
        }
    }

    private static void ValidateStart(ExperimentOptions options, MlpSpec spec)
    {
        var starts = (options.InitGiven ? 1 : 0) + (options.InitSeed is not null ? 1 : 0) + (options.InitWeights is not null || options.InitVector is not null ? 1 : 0);
        if (starts > 1)
        {
            var field = options.InitWeights is not null ? "init-weights" : "init-seed";
            throw new InvalidOptionException(field, "give one start: «init» W1,W2, «init-seed» SEED or «init-weights» FILE");
        }

        if (options.InitGiven && spec.Layers is not [1, _, 1])
        {
            throw new InvalidOptionException("init", $"W1,W2 sets every hidden and every output weight of a 1,N,1 network; this one is {string.Join(',', spec.Layers)}: use «init-seed» or «init-weights»");
        }

        if (options.InitVector is { } vector && vector.Count != spec.ParameterCount)
        {
            throw new InvalidOptionException("init-weights", $"the start has {vector.Count} parameters; the model has {spec.ParameterCount}");
        }
    }

    /// <summary>Throws <see cref="InvalidOptionException"/> for the first curvature option the run cannot use or that is out of range.</summary>
    public static void ValidateCurvature(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var curvature = options.Curvature ?? new CurvatureOptions();
        var map = (options.Surfaces & SurfaceQuantities.Sharpness) != 0;
        if (!curvature.Any && !map)
        {
            return;
        }

        var along = curvature.Schedule is not null;
        const string needs = "needs «curvature» every|N (λmax along the path)";
        Refuse(!along && curvature.Top is not null, "curvature-top", needs);
        Refuse(!along && curvature.Trace, "curvature-trace", needs);
        Refuse(!along && curvature.PerLayer, "per-layer", needs);
        Refuse(!along && !map && curvature.Tolerance is not null, "curvature-tolerance", needs + " or «surface» sharpness");
        Refuse(!along && !map && curvature.Loss is not null, "curvature-loss", needs + " or «surface» sharpness");
        Refuse(curvature.Probes is not null && !curvature.Trace, "probes", "sets the probe vectors of Hutchinson's trace; give «curvature-trace» too");
        if (options.Directions is null && PlaneKindOf(options) == PlaneKind.Line)
        {
            throw new InvalidOptionException(along ? "curvature" : "surface", "the line writes no analysis.json and no surface; use a plane («plane» random, pca, points or weights)");
        }

        var errors = curvature.FinalSettings().ValidateFor((int)Math.Min(options.ModelSpec.ParameterCount, int.MaxValue));
        if (errors.Count > 0)
        {
            throw new InvalidOptionException(CurvatureOptions.OptionName(errors[0].Option), errors[0].Message);
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOptionException"/> for what a race cannot draw: a path that is not trained, the sharpness
    /// surface (one map, but several paths and limits) and the per-layer blocks (one final record per run, no chart for them).
    /// </summary>
    public static void ValidateRace(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PathIsGiven)
        {
            throw new InvalidOptionException("checkpoints", "a race trains one model per run; a path of checkpoints (or an evaluated model) is drawn by a single run");
        }

        if ((options.Surfaces & SurfaceQuantities.Sharpness) != 0)
        {
            throw new InvalidOptionException("surface", "a race draws no sharpness surface; allowed: test, train, gap, all, accuracy (λmax along each path: «curvature» every|N)");
        }

        if (options.Curvature is { PerLayer: true })
        {
            throw new InvalidOptionException("per-layer", "a race has no per-layer chart; allowed along each path: «curvature» every|N with «curvature-top», «curvature-trace», «probes», «curvature-tolerance», «curvature-loss» (per-layer blocks: run)");
        }
    }

    private static void Refuse(bool condition, string option, string message)
    {
        if (condition)
        {
            throw new InvalidOptionException(option, message);
        }
    }
}
