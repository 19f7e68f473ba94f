using System.Diagnostics;
using LossLandscape.Optim;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>One contestant of a race: a label and its optimizer and schedule.</summary>
/// <param name="Label">The name in legends and in trajectories.csv.</param>
/// <param name="Optimizer">The optimizer and schedule.</param>
public sealed record RaceEntry(string Label, OptimizerSettings Optimizer);

/// <summary>What one contestant did.</summary>
/// <param name="Entry">The contestant.</param>
/// <param name="Trajectory">Its records (up to the divergence, if any).</param>
/// <param name="TrainingSeconds">Seconds spent training it.</param>
public sealed record RaceRun(RaceEntry Entry, Trajectory Trajectory, double TrainingSeconds)
{
    /// <summary>
    /// True when the path went so far that covering it would take more than <see cref="Race.ExtensionBudget"/> grid
    /// points: the surface leaves it out, and it is drawn up to where it leaves the surface.
    /// </summary>
    public bool LeftSurface { get; init; }

    /// <summary>The full Hessian's curvature along this run's path (<c>curvature</c> every|N), or null.</summary>
    public CurvatureResult? Curvature { get; init; }
}

/// <summary>What a race produced: the shared data and surface, and every contestant's path.</summary>
public sealed class RaceResult : LandscapeResult
{
    /// <summary>The contestants in the order given.</summary>
    public required IReadOnlyList<RaceRun> Runs { get; init; }

    /// <summary>Every contestant's records projected onto the plane, in the order of <see cref="Runs"/>.</summary>
    public required IReadOnlyList<IReadOnlyList<RecordProjection>> Projections { get; init; }

    /// <summary>The surfaces in force (a race on a plane; a race along a line has <see cref="LandscapeResult.Line"/> instead).</summary>
    public PlaneSurfaces PlaneSurfaces => Surfaces ?? throw new InvalidOperationException("this race ran along a line and has no surfaces");
}

/// <summary>
/// Races several optimizers from the same start, on the same data and with the same batch order, and evaluates one
/// surface that covers every path. A contestant that diverges is stopped and kept; the others go on.
/// </summary>
public static class Race
{
    /// <summary>
    /// The most grid points the surface grows to (by extension) to cover the paths. A path that needs more is drawn up
    /// to where it leaves the surface; one such runaway must not turn the race into a huge, unreadable surface.
    /// </summary>
    public const long ExtensionBudget = 1_000_000;

    /// <summary>Runs the race. Throws <see cref="InvalidOptionException"/> for invalid options before any work.</summary>
    public static RaceResult Run(ExperimentOptions options, IReadOnlyList<RaceEntry> entries, IExperimentProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new InvalidOptionException("run", "a race needs at least one run");
        }

        options.Validate();
        ValidateCurvature(options);
        foreach (var entry in entries)
        {
            entry.Optimizer.Validate();
        }

        var setup = LandscapeSetup.Prepare(options, progress);
        var model = setup.Model;
        var initial = ModelStart.Initial(model, options);
        var clock = Stopwatch.StartNew();
        progress?.Start(ExperimentStage.Training, options.Training.Epochs * entries.Count);
        var runs = new List<RaceRun>(entries.Count);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var runClock = Stopwatch.StartNew();

            // Every contestant trains with the same options, so the same shuffle seed gives the same batch order.
            var trajectory = setup.TrainFrom(initial, entry.Optimizer, options.Training, progress);
            if (trajectory.Divergence is { } d)
            {
                progress?.Notice($"warning: run '{entry.Label}' diverged in epoch {d.Epoch} at step {d.Step} ({d.Reason}); it was stopped there and its path ends at the last finite record");
                for (var skipped = d.Epoch; skipped < options.Training.Epochs; skipped++)
                {
                    progress?.Advance(ExperimentStage.Training);
                }
            }

            runs.Add(new RaceRun(entry, trajectory, runClock.Elapsed.TotalSeconds));
        }

        var trainingSeconds = clock.Elapsed.TotalSeconds;

        // One plane for every run: a pca plane is fitted to all runs' records together. One line too: from the shared
        // start to the first contestant's last record, unless --from/--to say otherwise; every run is projected onto it.
        var records = PipelineValidation.PlaneKindOf(options) == PlaneKind.Line && options.Directions is null
            ? runs[0].Trajectory.Records.Select(record => record.Parameters).ToArray()
            : runs.SelectMany(r => r.Trajectory.Records.Select(record => record.Parameters)).ToArray();
        if (records.Length == 1 && options.Directions is null && options.Plane is { Kind: PlaneKind.Line, To: null })
        {
            throw new InvalidOptionException("plane", $"the line runs from the shared start to the first run's last record, and run '{runs[0].Entry.Label}' kept only its start (it diverged in its first epoch); put another run first or name the line's end with «to»");
        }

        var directions = PlaneStage.Directions(options, model, records);
        var projections = runs.Select(r => (IReadOnlyList<RecordProjection>)PlaneStage.Project(directions, model, setup.Test, setup.Train, r.Trajectory.Records, PlaneStage.DrawsTrainLossAtProjection(options, directions))).ToArray();
        RaceResult Result(PlaneSurfaces? surfaces, LineProfile? profile, string? extension, double surfaceSeconds) => new()
        {
            Options = options,
            Data = setup.Data,
            Split = setup.Split,
            Train = setup.Train,
            Test = setup.Test,
            Model = model,
            Directions = directions,
            Surfaces = surfaces,
            Line = profile,
            Runs = runs,
            Projections = projections,
            GridExtension = extension,
            DataSeconds = setup.DataSeconds,
            TrainingSeconds = trainingSeconds,
            SurfaceSeconds = surfaceSeconds,
        };

        if (directions.Line is { } line)
        {
            var (profile, notice, seconds) = PlaneStage.Line(options, model, setup, line, projections.SelectMany(p => p).ToArray(), "paths leave", progress);
            return Result(null, profile, notice, seconds);
        }

        var plane = directions.Plane!;
        var (a0, b0) = PlaneStage.BaseGrid(options, directions.Kind);
        var (w1, w2, extension, left) = CoveringGrid(options, a0, b0, (plane.Axis1Name, plane.Axis2Name), projections);
        if (extension is not null)
        {
            progress?.Notice(extension);
        }

        for (var k = 0; k < runs.Count; k++)
        {
            if (left.Contains(k))
            {
                runs[k] = runs[k] with { LeftSurface = true };
                progress?.Notice($"warning: run '{runs[k].Entry.Label}' went too far to be covered by the surface (more than {ExtensionBudget} grid points); it is drawn up to where it leaves the surface");
            }
        }

        var (surfaces, surfaceSeconds) = PlaneStage.Surfaces(options, model, setup.Train, setup.Test, plane, directions.Kind, w1, w2, progress, cancellationToken);
        for (var k = 0; k < runs.Count; k++)
        {
            // The stage run uses, with this run's optimizer: its stability limit (2/lr, Adam's preconditioned limit).
            var own = options with { Optimizer = runs[k].Entry.Optimizer };
            runs[k] = runs[k] with { Curvature = CurvatureStage.Run(own, model, setup.Train, setup.Test, runs[k].Trajectory, plane, w1, w2, projections[k], progress, cancellationToken) };
        }

        return Result(surfaces, null, extension, surfaceSeconds);
    }

    /// <summary>
    /// Throws <see cref="InvalidOptionException"/> for what a race cannot draw: the sharpness surface (one map, but several paths and limits) and the
    /// per-layer blocks (one final record per run, no chart for them).
    /// </summary>
    public static void ValidateCurvature(ExperimentOptions options)
    {
        if ((options.Surfaces & SurfaceQuantities.Sharpness) != 0)
        {
            throw new InvalidOptionException("surface", "a race draws no sharpness surface; allowed: test, train, gap, all, accuracy (λmax along each path: «curvature» every|N)");
        }

        if (options.Curvature is { PerLayer: true })
        {
            throw new InvalidOptionException("per-layer", "a race has no per-layer chart; allowed along each path: «curvature» every|N with «curvature-top», «curvature-trace», «probes», «curvature-tolerance», «curvature-loss» (per-layer blocks: run)");
        }
    }

    /// <summary>
    /// The given grid, grown as <see cref="Experiment.Extend"/> does to cover every contestant's path. While that would
    /// take more than <see cref="ExtensionBudget"/> points (or the given grid's size, if larger), the contestant whose
    /// path reaches farthest is left out of the covering, and listed.
    /// </summary>
    private static (GridAxis W1, GridAxis W2, string? Notice, HashSet<int> Left) CoveringGrid(ExperimentOptions options, GridAxis baseA, GridAxis baseB, (string A, string B) names, IReadOnlyList<IReadOnlyList<RecordProjection>> projections)
    {
        var left = new HashSet<int>();
        if (!options.ExtendGrid)
        {
            return (baseA, baseB, null, left);
        }

        var budget = Math.Max(ExtensionBudget, (long)baseA.Count * baseB.Count);
        var paths = projections.Select(p => p.Select(r => (r.A, r.B)).ToArray()).ToArray();
        while (true)
        {
            var covered = Enumerable.Range(0, paths.Length).Where(k => !left.Contains(k)).SelectMany(k => paths[k]).ToArray();
            try
            {
                var (w1, w2, notice) = LandscapeSetup.CoveringGrid(baseA, baseB, true, covered, "paths", "leave", names);
                if ((long)w1.Count * w2.Count <= budget)
                {
                    return (w1, w2, notice, left);
                }
            }
            catch (InvalidOptionException e) when (e.Option == "no-extend")
            {
                // Too large even to build: leave out the farthest path, as for a grid over the budget.
            }

            var farthest = Enumerable.Range(0, paths.Length)
                .Where(k => !left.Contains(k))
                .MaxBy(k => paths[k].Max(c => Math.Max(Outside(baseA, c.A) / baseA.Step, Outside(baseB, c.B) / baseB.Step)));
            left.Add(farthest);
        }
    }

    private static double Outside(GridAxis axis, double value) =>
        !double.IsFinite(value) ? 0 : Math.Max(0, Math.Max(axis.Start - value, value - axis[axis.Count - 1]));
}
