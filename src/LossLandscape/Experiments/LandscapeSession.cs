using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Pipeline;
using LossLandscape.Planes;
using LossLandscape.Surface;
using LossLandscape.Training;

namespace LossLandscape.Experiments;

/// <summary>
/// A landscape prepared before any training, for interactive use (the web lab): the data, the model, the default start
/// and a plane through it. Surfaces and runs on it call the pipeline's own stages (<see cref="PlaneStage"/>,
/// <see cref="Trainer"/>), so they equal what <see cref="Experiment.Run"/> computes for the same options.
/// </summary>
public sealed partial class LandscapeSession
{
    private readonly LandscapeSetup _setup;

    private LandscapeSession(ExperimentOptions options, LandscapeSetup setup, double[] start, PlaneDirections directions)
    {
        Options = options;
        _setup = setup;
        Start = start;
        Directions = directions;
        (GridA, GridB) = PlaneStage.BaseGrid(options, directions.Kind);
    }

    /// <summary>The options the landscape was prepared from.</summary>
    public ExperimentOptions Options { get; }

    /// <summary>The model.</summary>
    public IModel Model => _setup.Model;

    /// <summary>All drawn points.</summary>
    public Dataset Data => _setup.Data;

    /// <summary>The train/test indices.</summary>
    public TrainTestSplit Split => _setup.Split;

    /// <summary>The training pairs.</summary>
    public RegressionSet Train => _setup.Train;

    /// <summary>The test pairs.</summary>
    public RegressionSet Test => _setup.Test;

    /// <summary>The default start (the options' start); on planes other than weights, the plane's centre θ₀.</summary>
    public IReadOnlyList<double> Start { get; }

    /// <summary>The plane.</summary>
    public PlaneDirections Directions { get; }

    /// <summary>The grid along the first axis (no extension: nothing has been trained yet).</summary>
    public GridAxis GridA { get; }

    /// <summary>The grid along the second axis.</summary>
    public GridAxis GridB { get; }

    /// <summary>
    /// Validates <paramref name="options"/> as a run does, draws the data and builds the model, the start and the plane:
    /// the weights plane, or a random plane centred at the start (a plane from a single record). Planes that need a
    /// trained path (pca, points, line) or a saved file are refused with <see cref="InvalidOptionException"/>.
    /// </summary>
    public static LandscapeSession Prepare(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Directions is not null)
        {
            throw new InvalidOptionException("directions", "a saved plane cannot be used here; give the plane instead");
        }

        var kind = PipelineValidation.PlaneKindOf(options);
        if (kind is not (PlaneKind.Weights or PlaneKind.Random))
        {
            throw new InvalidOptionException("plane", $"'{PlaneNames.Name(kind)}' needs a finished run; here the plane is weights or random (losslandscape run «plane» {PlaneNames.Name(kind)} draws it)");
        }

        var setup = LandscapeSetup.Prepare(options, null);
        var start = ModelStart.Initial(setup.Model, options);
        var directions = PlaneStage.Directions(options, setup.Model, [start]);
        return new LandscapeSession(options, setup, start, directions);
    }

    /// <summary>The surfaces the options ask for on <see cref="GridA"/> × <see cref="GridB"/>, as <see cref="Experiment.Run"/> computes them.</summary>
    public PlaneSurfaces Surfaces(CancellationToken cancellationToken) =>
        PlaneStage.Surfaces(Options, Model, Train, Test, Directions.Plane!, Directions.Kind, GridA, GridB, null, cancellationToken).Surfaces;

    /// <summary>The parameters at plane coordinates (a, b): θ₀ + a·d₁ + b·d₂.</summary>
    public double[] PointAt(double a, double b)
    {
        var theta = new double[Model.ParameterCount];
        Directions.Plane!.PointAt(a, b, theta);
        return theta;
    }

    /// <summary>One record projected onto the plane, with the losses at its projection.</summary>
    public RecordProjection Project(TrajectoryRecord record) => PlaneStage.Project(Directions, Model, Test, Train, [record])[0];

    /// <summary>
    /// Trains from the start <paramref name="run"/> gives (<see cref="ModelStart.Initial"/>) with its optimizer and
    /// training options, calling <paramref name="onRecord"/> with every record and its projection as soon as it is
    /// computed. <paramref name="run"/> must describe the same data and model as this session; it is validated first.
    /// Stops with <see cref="OperationCanceledException"/> at the next record or epoch after cancellation.
    /// </summary>
    public Trajectory Run(ExperimentOptions run, Action<TrajectoryRecord, RecordProjection> onRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(onRecord);
        CheckSameLandscape(run);

        var (initial, _) = Experiment.Start(run, Model);
        return Trainer.Train(
            Model,
            initial,
            Train,
            Test,
            run.Optimizer.CreateOptimizer(),
            run.Optimizer.CreateSchedule(run.Training.Epochs),
            run.Training,
            _ => cancellationToken.ThrowIfCancellationRequested(),
            record =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                onRecord(record, Project(record));
            },
            cancellationToken);
    }
}
