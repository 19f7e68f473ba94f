using System.Globalization;
using LossLandscape.Experiments;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Lab;

/// <summary>
/// A finished (or stopped) run seen on another plane: the run's own plane with the grid covering its path, or a plane
/// only a path gives (pca, points through three of its records, the line through two). Every field is optional.
/// </summary>
public sealed record PlaneRequest
{
    /// <summary>--plane: null for the run's own plane; weights|random|pca|line|points:I,J,K (record indices).</summary>
    public string? Plane { get; init; }

    /// <summary>--a-range: the grid along the first direction START:STOP:STEP (null: the plane's default, extended to cover the path).</summary>
    public string? ARange { get; init; }

    /// <summary>--b-range: the grid along the second direction START:STOP:STEP.</summary>
    public string? BRange { get; init; }
}

/// <summary>A run on a plane (the body of <c>POST /api/runs/{id}/plane</c>'s answer).</summary>
/// <param name="Plane">The plane's name (weights, random, pca, points, line).</param>
/// <param name="Command">The <c>losslandscape run</c> command that draws the same surface and path.</param>
/// <param name="Note">What the command cannot reproduce, or null.</param>
/// <param name="Seconds">Server time spent on the request.</param>
/// <param name="Records">Every record's projection (trajectory.csv's a, b, distance, surface_loss).</param>
/// <param name="Surface">surface.json of that run (for a plane).</param>
/// <param name="Line">The losses along the line: <c>alpha</c>, <c>loss</c>, <c>train_loss</c> (for a line).</param>
public sealed record PlaneResponse(string Plane, string Command, string? Note, double Seconds, RecordEvent[] Records, SurfaceFile? Surface, LineFile? Line);

/// <summary>The losses along a line, as line.csv holds them.</summary>
/// <param name="Alpha">The positions along the line (0 at the start, 1 at the end).</param>
/// <param name="Loss">The test loss at each position.</param>
/// <param name="TrainLoss">The training loss at each position.</param>
public sealed record LineFile(double[] Alpha, double[] Loss, [property: System.Text.Json.Serialization.JsonPropertyName("train_loss")] double[] TrainLoss);

/// <summary>Maps a <see cref="PlaneRequest"/> onto a run's options and onto the request the command is made from.</summary>
internal static class RunPlane
{
    /// <summary>
    /// The run's options and request on the plane <paramref name="body"/> names; <paramref name="records"/> bounds the
    /// record indices of points:I,J,K. Errors are <see cref="InvalidOptionException"/> naming the field.
    /// </summary>
    public static (ExperimentOptions Options, RunRequest Request) Map(LabRun run, PlaneRequest body, int records)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(body);
        var landscape = run.Request.Landscape ?? new LandscapeRequest();
        var text = body.Plane?.Trim().ToLowerInvariant();
        if (text is null && body.ARange is null && body.BRange is null)
        {
            return (run.Options, run.Request);
        }

        text ??= PlaneNames.Name(run.Session.Directions.Kind);
        var kind = PlaneKind.Weights;
        PlanePoint[]? points = null;
        if (text.StartsWith("points:", StringComparison.Ordinal))
        {
            kind = PlaneKind.Points;
            points = [.. text["points:".Length..].Split(',').Select(p => Record(p, records))];
            if (points.Length != 3)
            {
                throw new InvalidOptionException("plane", $"points takes exactly three record indices I,J,K (got {points.Length})");
            }
        }
        else
        {
            kind = text switch
            {
                "weights" => PlaneKind.Weights,
                "random" => PlaneKind.Random,
                "pca" => PlaneKind.Pca,
                "line" => PlaneKind.Line,
                _ => throw new InvalidOptionException("plane", $"'{body.Plane}' is not allowed; use one of weights|random|pca|line|points:I,J,K"),
            };
        }

        var random = kind == PlaneKind.Random;
        var weights = kind == PlaneKind.Weights;
        var request = run.Request with
        {
            StartPlane = PlaneNames.Name(run.Session.Directions.Kind),
            Landscape = landscape with
            {
                Plane = text,
                DirectionSeed = random ? landscape.DirectionSeed : null,
                Normalize = random ? landscape.Normalize : null,
                Biases = random ? landscape.Biases : null,
                W1 = weights ? body.ARange ?? landscape.W1 : null,
                W2 = weights ? body.BRange ?? landscape.W2 : null,
                ARange = weights ? null : body.ARange,
                BRange = weights ? null : body.BRange,
            },
        };
        var plane = run.Options.Plane ?? new PlaneSpec();
        var options = run.Options with
        {
            Plane = new PlaneSpec
            {
                Kind = kind,
                Normalize = random ? plane.Normalize : null,
                Biases = random ? plane.Biases : null,
                DirectionSeed = random ? plane.DirectionSeed : null,
                Center = random ? CenterKind.Init : null,
                Points = points,
            },
            W1 = weights && body.ARange is { } w1 ? Axis("a-range", w1) : run.Options.W1,
            W2 = weights && body.BRange is { } w2 ? Axis("b-range", w2) : run.Options.W2,
            WeightsGridGiven = run.Options.WeightsGridGiven || (weights && (body.ARange ?? body.BRange) is not null),
            ARange = weights || body.ARange is null ? null : Axis("a-range", body.ARange),
            BRange = weights || body.BRange is null ? null : Axis("b-range", body.BRange),
        };
        if (options.PlaneStart is not null && !random)
        {
            // The start was a point of the random plane; on another plane it is simply the first record.
            options = options with { PlaneStart = null, InitVector = run.Records()[0].Record.Parameters, InitSeed = null, InitGiven = false };
        }

        RequestMapping.Check(options);
        return (options, request);
    }

    private static PlanePoint Record(string text, int records)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= records)
        {
            throw new InvalidOptionException("plane", $"points takes three record indices from 0 to {records - 1} (got '{text.Trim()}')");
        }

        return PlanePoint.OfRecord(index);
    }

    private static GridAxis Axis(string field, string text) => RequestMapping.Grid(field, text);
}
