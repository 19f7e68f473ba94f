using LossLandscape.Data;
using LossLandscape.Models;

namespace LossLandscape.Surface;

/// <summary>
/// The test loss, training loss and their gap on a grid over any plane θ₀ + a·d₁ + b·d₂ of any <see cref="IModel"/>.
/// </summary>
/// <remarks>
/// Paths, by the model's capabilities: the seed's network (<see cref="ISeedNetwork"/>) goes through
/// <see cref="SurfaceEvaluator"/> unchanged (its exact quadratic path when one direction moves only output weights, bit
/// for bit as before); a model whose <see cref="IDenseNetwork"/> has one output and the mean squared error through a
/// SIMD kernel that precomputes the first layer's pre-activation along the plane (float32 or float64 as
/// <see cref="PlaneSurfaceOptions.Precision"/> says); any other model through its own
/// <see cref="IModel.Loss"/> at every point (float64). Rows are computed in parallel, each value by one thread in a
/// fixed order, so the values do not depend on the number of threads.
/// </remarks>
public static class PlaneSurfaceEvaluator
{
    /// <summary>Computes the surfaces <paramref name="options"/> asks for.</summary>
    /// <param name="model">The model.</param>
    /// <param name="plane">The plane; its length is the model's parameter count.</param>
    /// <param name="axis1">Grid along d₁ (rows).</param>
    /// <param name="axis2">Grid along d₂ (columns).</param>
    /// <param name="test">The test set (needed for the test loss and the gap).</param>
    /// <param name="train">The training set (needed for the training loss and the gap).</param>
    /// <param name="options">Quantities, precision and threads (defaults: the test loss in float32).</param>
    /// <param name="onRow">Called once per finished row of each data set (from worker threads).</param>
    /// <param name="cancellationToken">Stops the work between rows.</param>
    public static PlaneSurfaces Evaluate(
        IModel model,
        SurfacePlane plane,
        GridAxis axis1,
        GridAxis axis2,
        RegressionSet? test,
        RegressionSet? train,
        PlaneSurfaceOptions? options = null,
        Action? onRow = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(axis1);
        ArgumentNullException.ThrowIfNull(axis2);
        options ??= new PlaneSurfaceOptions();
        var quantities = options.Quantities;
        if (quantities == SurfaceQuantities.None || (quantities & ~SurfaceQuantities.All) != 0)
        {
            throw new InvalidOptionException("surface", $"must be test, train, gap or a combination (got {quantities})");
        }

        if (!Enum.IsDefined(options.Precision))
        {
            throw new InvalidOptionException("precision", $"must be float32 or float64 (got {(int)options.Precision})");
        }

        if ((long)axis1.Count * axis2.Count > SurfaceEvaluator.MaxPoints)
        {
            throw new ArgumentException($"the grid has {(long)axis1.Count * axis2.Count} points; at most {SurfaceEvaluator.MaxPoints} are allowed");
        }

        var needTest = (quantities & (SurfaceQuantities.Test | SurfaceQuantities.Gap)) != 0;
        var needTrain = (quantities & (SurfaceQuantities.Train | SurfaceQuantities.Gap)) != 0;
        var testValues = needTest ? Values(model, plane, axis1, axis2, test, nameof(test), options, onRow, cancellationToken) : null;
        var trainValues = needTrain ? Values(model, plane, axis1, axis2, train, nameof(train), options, onRow, cancellationToken) : null;
        double[]? gap = null;
        if ((quantities & SurfaceQuantities.Gap) != 0)
        {
            gap = new double[testValues!.Length];
            for (var i = 0; i < gap.Length; i++)
            {
                gap[i] = testValues[i] - trainValues![i];
            }
        }

        LossSurface? Surface(double[]? values, SurfaceQuantities quantity) =>
            values is not null && (quantities & quantity) != 0 ? new LossSurface(axis1, axis2, plane.Axis1Name, plane.Axis2Name, values) : null;
        return new PlaneSurfaces(Surface(testValues, SurfaceQuantities.Test), Surface(trainValues, SurfaceQuantities.Train), Surface(gap, SurfaceQuantities.Gap));
    }

    private static double[] Values(
        IModel model,
        SurfacePlane plane,
        GridAxis axis1,
        GridAxis axis2,
        RegressionSet? data,
        string dataName,
        PlaneSurfaceOptions options,
        Action? onRow,
        CancellationToken cancellationToken)
    {
        if (data is null || data.Count == 0)
        {
            throw new ArgumentException($"the {dataName} set is needed for the surfaces asked for and must not be empty", dataName);
        }

        if (plane.Origin.Length != model.ParameterCount)
        {
            throw new ArgumentException($"the plane has {plane.Origin.Length} parameters; the model has {model.ParameterCount}", nameof(plane));
        }

        if (options.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be -1 or at least 1");
        }

        var values = GC.AllocateUninitializedArray<double>(axis1.Count * axis2.Count);
        // −1 is all cores, not Parallel.For's unbounded default (see SurfaceEvaluator).
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism };
        if (model.Capability<ISeedNetwork>() is { } seed)
        {
            SurfaceEvaluator.EvaluateInto(
                seed,
                plane,
                axis1,
                axis2,
                data,
                new SurfaceOptions { Precision = options.Precision, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism },
                values,
                onRow,
                cancellationToken);
        }
        else if (model.Capability<IDenseNetwork>()?.Network is { Outputs: 1, LossKind: LossKind.MeanSquaredError } mlp)
        {
            if (options.Precision == SurfacePrecision.Single)
            {
                Kernel(new MlpPlaneKernel<float>(mlp, plane), axis1, axis2, data, values, parallel, onRow);
            }
            else
            {
                Kernel(new MlpPlaneKernel<double>(mlp, plane), axis1, axis2, data, values, parallel, onRow);
            }
        }
        else
        {
            General(model, plane, axis1, axis2, data, values, parallel, onRow);
        }

        return values;
    }

    private static void Kernel<T>(MlpPlaneKernel<T> kernel, GridAxis axis1, GridAxis axis2, RegressionSet data, double[] values, ParallelOptions parallel, Action? onRow)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var prepared = kernel.Prepare(data);
        var columns = axis2.Count;
        Parallel.For(
            0,
            axis1.Count,
            parallel,
            kernel.CreateWorkspace,
            (i, _, workspace) =>
            {
                var a = axis1[i];
                for (var j = 0; j < columns; j++)
                {
                    values[(i * columns) + j] = kernel.SumSquaredErrors(prepared, a, axis2[j], workspace, parallel.CancellationToken) / prepared.Samples;
                }

                onRow?.Invoke();
                return workspace;
            },
            _ => { });
    }

    private static void General(IModel model, SurfacePlane plane, GridAxis axis1, GridAxis axis2, RegressionSet data, double[] values, ParallelOptions parallel, Action? onRow)
    {
        var columns = axis2.Count;
        Parallel.For(
            0,
            axis1.Count,
            parallel,
            () => new double[model.ParameterCount],
            (i, _, theta) =>
            {
                var a = axis1[i];
                for (var j = 0; j < columns; j++)
                {
                    // Every point: a row of a large model takes far longer than a request may wait to be stopped.
                    parallel.CancellationToken.ThrowIfCancellationRequested();
                    plane.PointAt(a, axis2[j], theta);
                    values[(i * columns) + j] = model.Loss(theta, data.X, data.Y);
                }

                onRow?.Invoke();
                return theta;
            },
            _ => { });
    }
}
