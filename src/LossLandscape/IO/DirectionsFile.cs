using System.Text.Json;
using System.Text.Json.Serialization;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.IO;

/// <summary>One tensor of the parameter vector as directions.json lists it.</summary>
/// <param name="Name">The state_dict key, e.g. <c>0.weight</c>.</param>
/// <param name="Shape">The tensor's shape.</param>
/// <param name="Offset">Its first index in the flat vectors.</param>
public sealed record DirectionsParameter(string Name, int[] Shape, int Offset);

/// <summary>
/// directions.json: how a plane was made and its vectors, enough to redraw the landscape (<c>--directions FILE</c>).
/// For a line, <see cref="Origin"/> is θ_from and <see cref="D1"/> is θ_to − θ_from, <see cref="D2"/> is null.
/// </summary>
/// <param name="Plane">weights, random, pca, points or line.</param>
/// <param name="Normalize">filter, layer, model or none (random only).</param>
/// <param name="Biases">ignore or keep (random and pca).</param>
/// <param name="DirectionSeed">The random directions' seed (random only).</param>
/// <param name="Center">final, init, the file a given centre came from, or the points the plane passes through.</param>
/// <param name="Origin">θ₀, the plane's centre, as a flat vector.</param>
/// <param name="D1">d₁ as a flat vector.</param>
/// <param name="D2">d₂ as a flat vector (null for a line).</param>
/// <param name="Parameters">The tensors of the flat vectors, in order.</param>
/// <param name="ExplainedVarianceRatio">PCA's explained variance ratios of d₁ and d₂ (pca only).</param>
public sealed record DirectionsFile(
    string Plane,
    string? Normalize,
    string? Biases,
    uint? DirectionSeed,
    string? Center,
    double[] Origin,
    double[] D1,
    double[]? D2,
    IReadOnlyList<DirectionsParameter> Parameters,
    IReadOnlyList<double>? ExplainedVarianceRatio)
{
    /// <summary>The file's contents for <paramref name="directions"/>.</summary>
    public static DirectionsFile From(PlaneDirections directions)
    {
        ArgumentNullException.ThrowIfNull(directions);
        var parameters = directions.Layout.Tensors.Select(t => new DirectionsParameter(t.Name, t.Shape.ToArray(), t.Offset)).ToArray();
        var (origin, d1, d2) = directions.Line is { } line
            ? (line.From, line.Direction, null)
            : (directions.Plane!.Origin, directions.Plane.Direction1, directions.Plane.Direction2);
        return new DirectionsFile(
            PlaneNames.Name(directions.Kind),
            directions.Normalize is { } n ? PlaneNames.Name(n) : null,
            directions.Biases is { } b ? PlaneNames.Name(b) : null,
            directions.DirectionSeed,
            directions.Center,
            origin,
            d1,
            d2,
            parameters,
            directions.ExplainedVarianceRatio);
    }

    /// <summary>Writes directions.json atomically (refuses non-finite vectors: they cannot redraw anything).</summary>
    public static void Write(string path, PlaneDirections directions)
    {
        var file = From(directions);
        if (!file.Origin.All(double.IsFinite) || !file.D1.All(double.IsFinite) || !(file.D2 ?? []).All(double.IsFinite))
        {
            throw new InvalidOperationException("the plane's vectors hold values that are not finite; directions.json is not written");
        }

        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, file, DirectionsJsonContext.Default.DirectionsFile));
    }

    /// <summary>
    /// Reads directions.json for a model with <paramref name="layout"/>: the file must name the same tensors with the same
    /// shapes and offsets, and its vectors must have the model's parameter count. Errors name field <c>directions</c>.
    /// </summary>
    public static PlaneDirections Read(string path, ModelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(layout);
        DirectionsFile? file;
        try
        {
            using var stream = InputFile.OpenRead(path, "directions", Limits.MaxWeightsFileBytes);
            file = JsonSerializer.Deserialize(stream, DirectionsJsonContext.Default.DirectionsFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            throw new InvalidOptionException("directions", $"cannot read {path}: {e.Message}");
        }

        if (file is null)
        {
            throw new InvalidOptionException("directions", $"{path} holds no directions");
        }

        return file.ToDirections(layout, path);
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> describes a line (its <c>plane</c> is <c>line</c>); false when it cannot be
    /// read, which <see cref="Read"/> then reports.
    /// </summary>
    public static bool IsLine(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = InputFile.OpenRead(path, "directions", Limits.MaxWeightsFileBytes);
            return JsonSerializer.Deserialize(stream, DirectionsJsonContext.Default.DirectionsFile)?.Plane == PlaneNames.Name(PlaneKind.Line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Largest |entry| of a direction: a difference of two weights within ±<see cref="Limits.MaxAbsWeight"/>, with room.</summary>
    public const double MaxAbsDirection = 10 * Limits.MaxAbsWeight;

    /// <summary>The plane this file describes, checked against <paramref name="layout"/>.</summary>
    public PlaneDirections ToDirections(ModelLayout layout, string source)
    {
        ArgumentNullException.ThrowIfNull(layout);
        const string Field = "directions";
        var kind = Parse(() => PlaneNames.ParseKind(Plane ?? string.Empty));
        var tensors = Parameters ?? [];
        var expected = layout.Tensors;
        if (tensors.Count != expected.Count
            || tensors.Zip(expected).Any(p => p.First.Name != p.Second.Name || p.First.Offset != p.Second.Offset || !(p.First.Shape ?? []).SequenceEqual(p.Second.Shape)))
        {
            throw new InvalidOptionException(
                Field,
                $"{source} is for parameters {Describe(tensors.Select(t => (t.Name, t.Shape ?? [])))}; the model has {Describe(expected.Select(t => (t.Name, t.Shape)))}");
        }

        Check(Origin, "origin");
        Check(D1, "d1");
        if (kind != PlaneKind.Line)
        {
            Check(D2, "d2");
        }

        var directions = new PlaneDirections
        {
            Kind = kind,
            Layout = layout,
            Plane = kind == PlaneKind.Line ? null : new SurfacePlane(Origin.ToArray(), D1.ToArray(), D2!.ToArray(), kind == PlaneKind.Weights ? "w1" : "a", kind == PlaneKind.Weights ? "w2" : "b"),
            Line = kind == PlaneKind.Line ? new ParameterLine(Origin.ToArray(), Origin.Zip(D1, (o, d) => o + d).ToArray()) : null,
            Normalize = Normalize is null ? null : Parse(() => PlaneNames.ParseNormalization(Normalize)),
            Biases = Biases is null ? null : Parse(() => PlaneNames.ParseBiases(Biases)),
            DirectionSeed = DirectionSeed,
            Center = Center,
            ExplainedVarianceRatio = ExplainedVarianceRatio,
        };
        if (directions.Plane is not null)
        {
            _ = Parse(() => directions.Projector);
        }

        return directions;

        void Check(double[]? vector, string name)
        {
            if (vector is null || vector.Length != layout.Count)
            {
                throw new InvalidOptionException(Field, $"{source}: {name} has {vector?.Length ?? 0} entries; the model has {layout.Count} parameters");
            }

            if (!vector.All(double.IsFinite))
            {
                throw new InvalidOptionException(Field, $"{source}: {name} holds a value that is not finite");
            }

            // Larger entries overflow the model's outputs on the grid into a surface of NaN: bounded as --init is.
            var bound = name == "origin" ? Limits.MaxAbsWeight : MaxAbsDirection;
            if (vector.Any(v => Math.Abs(v) > bound))
            {
                throw new InvalidOptionException(Field, $"{source}: {name} holds a value beyond ±{Limits.Text(bound)} (the largest is {vector.Max(Math.Abs):G3}); the surface would overflow");
            }
        }

        T Parse<T>(Func<T> parse)
        {
            try
            {
                return parse();
            }
            catch (InvalidOptionException e)
            {
                throw new InvalidOptionException(Field, $"{source}: {e.Option}: {e.Message}");
            }
        }
    }

    private static string Describe(IEnumerable<(string Name, int[] Shape)> tensors) =>
        string.Join(", ", tensors.Select(t => $"{t.Name} [{string.Join("×", t.Shape)}]"));
}

/// <summary>Source-generated (trimming-safe) JSON for directions.json: snake_case names, nulls left out, indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(DirectionsFile))]
internal sealed partial class DirectionsJsonContext : JsonSerializerContext;
