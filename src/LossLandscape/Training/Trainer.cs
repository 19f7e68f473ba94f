using System.Runtime.Intrinsics;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Optim;

namespace LossLandscape.Training;

/// <summary>Minibatch training of any <see cref="IModel"/> with PyTorch's semantics: θ ← update(θ, ∇ mean batch loss), in float64.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains from <paramref name="initial"/> and returns the recorded trajectory. The per-step path allocates nothing:
    /// batches are gathered into one reused workspace and the model keeps its own per-thread buffers.
    /// Inputs are row-major (samples × <see cref="IModel.Inputs"/>), targets samples × <see cref="IModel.Outputs"/>.
    /// </summary>
    /// <param name="model">The model (any <see cref="IModel"/> that gives gradients).</param>
    /// <param name="initial">The starting parameters (not modified).</param>
    /// <param name="train">Training pairs, in the order the split gives them.</param>
    /// <param name="test">Test pairs.</param>
    /// <param name="optimizer">The update rule (reset before training).</param>
    /// <param name="schedule">Learning rate per epoch.</param>
    /// <param name="options">Epochs, batch size, shuffling and recording.</param>
    /// <param name="onEpoch">Called after every epoch with the number of epochs done.</param>
    /// <param name="onRecord">Called with every record as soon as it is computed (the web lab streams them); may throw to stop.</param>
    /// <param name="cancellationToken">Looked at after every step: an epoch of a large model on many samples takes seconds.</param>
    public static Trajectory Train(
        IModel model,
        ReadOnlySpan<double> initial,
        RegressionSet train,
        RegressionSet test,
        IOptimizer optimizer,
        ILearningRateSchedule schedule,
        TrainingOptions options,
        Action<int>? onEpoch = null,
        Action<TrajectoryRecord>? onRecord = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(options);
        var inputs = model.Inputs;
        // Targets per sample: the outputs for regression, one class index for classification.
        var outputs = model.Targets;
        var samples = train.Y.Length / outputs;
        if (train.Y.Length != samples * outputs || train.X.Length != samples * inputs || test.X.Length * outputs != test.Y.Length * inputs)
        {
            throw new ArgumentException($"the data must have {inputs} input(s) and {outputs} target(s) per sample for this model");
        }

        options.Validate(samples);
        if (initial.Length != model.ParameterCount)
        {
            throw new ArgumentException($"initial parameters must have {model.ParameterCount} entries", nameof(initial));
        }

        optimizer.Reset();
        var theta = initial.ToArray();
        var gradient = new double[theta.Length];
        var order = new int[samples];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var batchSize = options.BatchFor(samples);
        var batchX = new double[batchSize * inputs];
        var batchY = new double[batchSize * outputs];
        var shuffler = new LegacyRandom(options.ShuffleSeed);
        var records = new List<TrajectoryRecord>();
        var step = 0;
        using var deferred = DeferredRecordLosses.For(model, train, test, streamed: onRecord is not null);
        records.Add(Record(model, optimizer, theta, train, test, 0, 0, schedule.LearningRate(0), deferred));
        onRecord?.Invoke(records[^1]);
        Divergence? divergence = null;

        for (var epoch = 0; epoch < options.Epochs && divergence is null; epoch++)
        {
            var rate = schedule.LearningRate(epoch);
            if (options.Shuffle)
            {
                shuffler.Shuffle<int>(order);
            }

            for (var start = 0; start < order.Length; start += batchSize)
            {
                var count = Math.Min(batchSize, order.Length - start);
                for (var k = 0; k < count; k++)
                {
                    var index = order[start + k];
                    if (inputs == 1)
                    {
                        batchX[k] = train.X[index];
                    }
                    else
                    {
                        train.X.AsSpan(index * inputs, inputs).CopyTo(batchX.AsSpan(k * inputs, inputs));
                    }

                    if (outputs == 1)
                    {
                        batchY[k] = train.Y[index];
                    }
                    else
                    {
                        train.Y.AsSpan(index * outputs, outputs).CopyTo(batchY.AsSpan(k * outputs, outputs));
                    }
                }

                var loss = model.LossAndGradient(theta, batchX.AsSpan(0, count * inputs), batchY.AsSpan(0, count * outputs), gradient);
                if (optimizer.MaxGradientNorm is { } maxNorm)
                {
                    GradientClipping.ClipToNorm(gradient, maxNorm);
                }

                optimizer.Step(theta, gradient, rate);
                step++;
                cancellationToken.ThrowIfCancellationRequested();
                var reason = CheckFinite(loss, theta, options.DivergenceLoss);
                if (reason is not null)
                {
                    divergence = new Divergence(epoch + 1, step, reason);
                    break;
                }

                if (options.Record == RecordEvery.Step)
                {
                    records.Add(Record(model, optimizer, theta, train, test, epoch + 1, step, rate, deferred));
                    onRecord?.Invoke(records[^1]);
                }
            }

            if (divergence is null && options.Record == RecordEvery.Epoch)
            {
                records.Add(Record(model, optimizer, theta, train, test, epoch + 1, step, rate, deferred));
                onRecord?.Invoke(records[^1]);
            }

            onEpoch?.Invoke(epoch + 1);
        }

        deferred?.Complete(records);
        return new Trajectory(records, divergence);
    }

    private static string? CheckFinite(double batchLoss, ReadOnlySpan<double> theta, double limit)
    {
        if (!double.IsFinite(batchLoss))
        {
            return $"batch loss is {batchLoss.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (batchLoss > limit)
        {
            return $"batch loss {batchLoss.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} exceeds {limit.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";
        }

        // x − x is 0 for every finite x and NaN for ±∞ and NaN, so one sum says whether every weight is finite.
        var lanes = Vector256<double>.Zero;
        var i = 0;
        for (; i <= theta.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var v = Vector256.Create(theta.Slice(i, Vector256<double>.Count));
            lanes += v - v;
        }

        var rest = 0.0;
        for (; i < theta.Length; i++)
        {
            rest += theta[i] - theta[i];
        }

        return Vector256.Sum(lanes) + rest == 0 ? null : "a weight is not finite";
    }

    /// <summary>The record at θ; with <paramref name="deferred"/> its losses are left NaN and computed on the second thread.</summary>
    private static TrajectoryRecord Record(IModel model, IOptimizer optimizer, double[] theta, RegressionSet train, RegressionSet test, int epoch, int step, double rate, DeferredRecordLosses? deferred)
    {
        // Adam's P at each record: the curvature analysis needs it for the preconditioned sharpness (Cohen et al. 2022).
        double[]? preconditioner = null;
        if (optimizer is IPreconditionedOptimizer adaptive)
        {
            preconditioner = new double[theta.Length];
            if (!adaptive.WritePreconditioner(preconditioner))
            {
                preconditioner = null;
            }
        }

        var parameters = (double[])theta.Clone();
        if (deferred is not null)
        {
            deferred.Post(parameters);
            return new(epoch, step, parameters, double.NaN, double.NaN, rate) { Preconditioner = preconditioner };
        }

        return new(epoch, step, parameters, model.Loss(theta, test.X, test.Y), model.Loss(theta, train.X, train.Y), rate) { Preconditioner = preconditioner };
    }
}
