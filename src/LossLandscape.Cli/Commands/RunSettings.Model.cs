using System.Globalization;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Experiments;
using LossLandscape.IO;
using LossLandscape.Models;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Cli.Commands;

/// <summary>The options of the model, its start, the plane (or line) and the surfaces.</summary>
public partial class RunSettings
{
    /// <summary>--layers.</summary>
    public string? Layers { get; set; }

    /// <summary>--activation.</summary>
    public string? Activation { get; set; }

    /// <summary>--bias.</summary>
    public bool Bias { get; set; }

    /// <summary>--init-seed.</summary>
    public string? InitSeed { get; set; }

    /// <summary>--init-weights.</summary>
    public string? InitWeights { get; set; }

    /// <summary>--plane.</summary>
    public string? Plane { get; set; }

    /// <summary>--direction-seed.</summary>
    public string? DirectionSeed { get; set; }

    /// <summary>--normalize.</summary>
    public string? Normalize { get; set; }

    /// <summary>--biases.</summary>
    public string? Biases { get; set; }

    /// <summary>--center.</summary>
    public string? Center { get; set; }

    /// <summary>--a-range.</summary>
    public string? ARange { get; set; }

    /// <summary>--b-range.</summary>
    public string? BRange { get; set; }

    /// <summary>--from.</summary>
    public string? From { get; set; }

    /// <summary>--to.</summary>
    public string? To { get; set; }

    /// <summary>--precision.</summary>
    public string? Precision { get; set; }

    /// <summary>--surface.</summary>
    public string? Surface { get; set; }

    /// <summary>--directions.</summary>
    public string? Directions { get; set; }

    /// <summary>The options of the model, the start and the plane, in help order (a method: the option table in the other part of this class uses it while it is initialised).</summary>
    private static IReadOnlyList<SettingOption> ModelOptions() =>
    [
        SettingOption.Value<RunSettings>("layers", "SIZES", "Layer sizes input,hidden...,output, e.g. 1,16,16,1 (default 1,1,1; the input and output sizes are 1)", s => s.Layers, (s, v) => s.Layers = v),
        SettingOption.Value<RunSettings>("activation", "NAME", "Activation between layers, none after the last: tanh|relu|sigmoid|gelu|linear (default tanh)", s => s.Activation, (s, v) => s.Activation = v),
        SettingOption.Flag<RunSettings>("bias", "A bias in every layer (default none, as in the article)", s => s.Bias, (s, v) => s.Bias = v),
        SettingOption.Value<RunSettings>("init-seed", "SEED", "Start from PyTorch's default nn.Linear initialisation drawn with this seed (default 0 for models other than the seed's 1,N,1 tanh)", s => s.InitSeed, (s, v) => s.InitSeed = v),
        SettingOption.Value<RunSettings>("init-weights", "FILE[:ROW]", "Start from a weights file: a .npy written by the tool (ROW picks a record of weights.npy) or a JSON array (at most 256 MiB)", s => s.InitWeights, (s, v) => s.InitWeights = v),
        SettingOption.Value<RunSettings>("plane", "KIND", "The slice drawn: weights|random|pca|points:I,J,K|line (default weights for 1,N,1 without biases, else random)", s => s.Plane, (s, v) => s.Plane = v),
        SettingOption.Value<RunSettings>("direction-seed", "SEED", "random: seed of the two Gaussian directions (default 0)", s => s.DirectionSeed, (s, v) => s.DirectionSeed = v),
        SettingOption.Value<RunSettings>("normalize", "HOW", "random: rescale the directions filter|layer|model|none against the centre (default filter)", s => s.Normalize, (s, v) => s.Normalize = v),
        SettingOption.Value<RunSettings>("biases", "HOW", "random, pca: what the directions do on biases: ignore|keep (default ignore)", s => s.Biases, (s, v) => s.Biases = v),
        SettingOption.Value<RunSettings>("center", "WHERE", "random, pca: the plane's centre: final|init|FILE[:ROW] (default final)", s => s.Center, (s, v) => s.Center = v),
        SettingOption.Value<RunSettings>("a-range", "START:STOP:STEP", "Grid along d1 for random, pca, points (default -1:1:0.04; points -0.5:1.5:0.04)", s => s.ARange, (s, v) => s.ARange = v),
        SettingOption.Value<RunSettings>("b-range", "START:STOP:STEP", "Grid along d2 for random, pca, points (default -1:1:0.04; points -0.5:1.5:0.04)", s => s.BRange, (s, v) => s.BRange = v),
        SettingOption.Value<RunSettings>("from", "FILE[:ROW]", "line: the start θ(0) (default the first record)", s => s.From, (s, v) => s.From = v),
        SettingOption.Value<RunSettings>("to", "FILE[:ROW]", "line: the end θ(1) (default the last record)", s => s.To, (s, v) => s.To = v),
        SettingOption.Value<RunSettings>("precision", "P", "Surface precision float32|float64 (default float32; the seed's plane is exact)", s => s.Precision, (s, v) => s.Precision = v),
        SettingOption.Value<RunSettings>("surface", "WHICH", "Surfaces to compute: test|train|gap|sharpness|all or a list such as test,train (default test; sharpness: the test loss and λmax of the full Hessian at every grid point, run only; all includes it; accuracy (cross-entropy): the test loss and accuracy.html of the test accuracy); the views get buttons to switch", s => s.Surface, (s, v) => s.Surface = v),
        SettingOption.Value<RunSettings>("directions", "FILE", "Reuse a saved directions.json instead of --plane (at most 256 MiB)", s => s.Directions, (s, v) => s.Directions = v),
    ];

    /// <summary>The line's α range when --alpha is START:STOP:STEP (a single number is rmsprop's smoothing constant).</summary>
    internal bool AlphaIsRange => Alpha is { } alpha && alpha.Contains(':', StringComparison.Ordinal);

    /// <summary>Adds the model, start, plane and surface options to <paramref name="options"/>; errors name the option.</summary>
    internal ExperimentOptions WithModelAndPlane(ExperimentOptions options)
    {
        var spec = options.ModelFile is not null ? options.Model : Layers is null && Activation is null && !Bias
            ? null
            : new MlpSpec(Layers is null ? [1, 1, 1] : Sizes(Layers), Activation is null ? Models.Activation.Tanh : OptionValue.Choice<Activation>("--activation", Activation), Bias);
        options = options with
        {
            Model = spec,
            InitSeed = InitSeed is null ? null : OptionValue.Seed("--init-seed", InitSeed),
            InitWeights = InitWeights,
            Directions = Directions,
            ARange = ARange is null ? null : OptionValue.Axis("--a-range", ARange),
            BRange = BRange is null ? null : OptionValue.Axis("--b-range", BRange),
            Alpha = AlphaIsRange ? OptionValue.Axis("--alpha", Alpha) : null,
            Precision = Precision is null ? null : Word("--precision", Precision, ("float32", SurfacePrecision.Single), ("float64", SurfacePrecision.Double)),
            Surfaces = Surface is null ? SurfaceQuantities.Test : Surface.Split(',').Aggregate(SurfaceQuantities.None, (all, word) => all | Word("--surface", word.Trim(), SurfaceWords())),
        };
        if (Hidden is not null && spec is not null)
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

    private PlaneSpec? PlaneSpec(ModelLayout layout)
    {
        if (Plane is null && DirectionSeed is null && Normalize is null && Biases is null && Center is null && From is null && To is null)
        {
            return null;
        }

        var text = (Plane ?? "weights").Trim();
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
        if (Center is { } c)
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
            Normalize = Normalize is null ? null : PlaneNames.ParseNormalization(Normalize),
            Biases = Biases is null ? null : PlaneNames.ParseBiases(Biases),
            DirectionSeed = DirectionSeed is null ? null : OptionValue.Seed("--direction-seed", DirectionSeed),
            Center = center,
            CenterVector = centerVector,
            CenterSource = center == CenterKind.Given ? Center : null,
            Points = points,
            From = From is null ? null : PlanePoint.OfVector(WeightsFile.Read(From, layout, "from"), From),
            To = To is null ? null : PlanePoint.OfVector(WeightsFile.Read(To, layout, "to"), To),
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

    private static int[] Sizes(string text)
    {
        var parts = text.Split(',');
        var sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out sizes[i]))
            {
                throw new UsageException($"--layers: '{text}' must be comma-separated sizes input,hidden...,output, e.g. 1,16,16,1");
            }
        }

        return sizes;
    }

    private static T Word<T>(string option, string text, params (string Word, T Value)[] choices)
    {
        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new UsageException($"{option}: '{text}' is not allowed; use one of {string.Join('|', choices.Select(c => c.Word))}");
    }
}
