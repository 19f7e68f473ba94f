using System.Globalization;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Models;
using LossLandscape.Options;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Cli.Commands;

/// <summary>The model, its start, the plane (or line) and the surfaces.</summary>
public partial class RunSettings
{
    /// <summary>Adds the model, start, plane and surface options to <paramref name="options"/>; errors name the option.</summary>
    internal ExperimentOptions WithModelAndPlane(ExperimentOptions options)
    {
        var spec = options.ModelFile is not null ? options.Model : Text("layers") is null && Text("activation") is null && !Flag("bias")
            ? null
            : new MlpSpec(Text("layers") is null ? [1, 1, 1] : Get<int[]>("layers"), Values.Parsed<Activation>("activation") ?? Activation.Tanh, Flag("bias"));
        options = options with
        {
            Model = spec,
            InitSeed = Values.Parsed<uint>("init-seed"),
            InitWeights = Text("init-weights"),
            Directions = Text("directions"),
            ARange = Axis("a-range"),
            BRange = Axis("b-range"),
            Alpha = Axis("alpha-range"),
            Precision = Values.Parsed<SurfacePrecision>("precision"),
            Surfaces = Text("surface") is not { } surface ? SurfaceQuantities.Test : surface.Split(',').Aggregate(SurfaceQuantities.None, (all, word) => all | OptionParse.Word("surface", word.Trim(), SurfaceWords())),
        };
        if (Text("hidden") is not null && spec is not null)
        {
            throw new UsageException("--hidden: is a shorthand for --layers 1,N,1; give one of them, not both");
        }

        // Files named by the plane options are read against the model's layout: the model must be valid first.
        if (options.Hidden is { } hidden && (hidden < 1 || hidden > Limits.MaxHidden))
        {
            throw new InvalidOptionException("hidden", $"must be between 1 and {Limits.MaxHidden} (got {hidden})");
        }

        options.ModelSpec.ThrowIfInvalid(inputs: options.Data.File is null ? 1 : null, outputs: options.Loss == LossKind.MeanSquaredError ? 1 : null);
        var layout = PipelineValidation.LayoutOf(options.ModelSpec);
        return options with { Plane = PlaneSpec(layout) };
    }

    /// <summary>The options that describe a plane; none given leaves the plane to its default.</summary>
    private static readonly string[] PlaneOptionNames = ["plane", "direction-seed", "normalize", "biases", "center", "from", "to"];

    private PlaneSpec? PlaneSpec(ModelLayout layout)
    {
        if (!PlaneOptionNames.Any(Values.IsGiven))
        {
            return null;
        }

        var text = (Text("plane") ?? "weights").Trim();
        PlanePoint[]? points = null;
        PlaneKind kind;
        if (text.StartsWith("points", StringComparison.Ordinal))
        {
            var rest = text["points".Length..];
            if (!rest.StartsWith(':'))
            {
                throw new UsageException("--plane: points needs three records or weight files, e.g. points:0,10,25");
            }

            points = rest[1..].Split(',').Select(p => Point(p.Trim(), layout, "--plane")).ToArray();
            if (points.Length != 3)
            {
                throw new UsageException($"--plane: points takes exactly three records or files I,J,K; got {points.Length}");
            }

            kind = PlaneKind.Points;
        }
        else
        {
            kind = PlaneKind.Weights;
            try
            {
                kind = PlaneNames.ParseKind(text);
            }
            catch (InvalidOptionException)
            {
                throw new UsageException($"--plane: '{text}' is not allowed; use one of weights|random|pca|points:I,J,K|line");
            }

            if (kind == PlaneKind.Points)
            {
                throw new UsageException("--plane: points needs three records or weight files, e.g. points:0,10,25");
            }
        }

        CenterKind? center = null;
        double[]? centerVector = null;
        if (Text("center") is { } c)
        {
            center = c switch
            {
                "final" => CenterKind.Final,
                "init" => CenterKind.Init,
                _ => CenterKind.Given,
            };
            if (center == CenterKind.Given)
            {
                centerVector = WeightsFile.Read(c, layout, "center");
            }
        }

        return new PlaneSpec
        {
            Kind = kind,
            Normalize = Values.Parsed<DirectionNormalization>("normalize"),
            Biases = Values.Parsed<BiasTreatment>("biases"),
            DirectionSeed = Values.Parsed<uint>("direction-seed"),
            Center = center,
            CenterVector = centerVector,
            CenterSource = center == CenterKind.Given ? Text("center") : null,
            Points = points,
            From = Text("from") is { } from ? PlanePoint.OfVector(WeightsFile.Read(from, layout, "from"), from) : null,
            To = Text("to") is { } to ? PlanePoint.OfVector(WeightsFile.Read(to, layout, "to"), to) : null,
        };
    }

    private static PlanePoint Point(string text, ModelLayout layout, string option)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            return PlanePoint.OfRecord(index);
        }

        if (text.Length == 0)
        {
            throw new UsageException($"{option}: points takes three records or weight files I,J,K, e.g. points:0,10,25");
        }

        return PlanePoint.OfVector(WeightsFile.Read(text, layout, "plane"), text);
    }

    private GridAxis? Axis(string name) => Text(name) is null ? null : Get<GridAxis>(name);
}
