using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using LossLandscape.Data;
using LossLandscape.Models;

namespace LossLandscape.Training;

/// <summary>
/// Computes the records' exact test and training losses on a second thread while the optimizer goes on taking steps:
/// each record is a copy of θ, so its two passes over the data need nothing from the training loop. Every loss is the
/// same call on the same copy as it would be inline, so the values are bit for bit those of inline evaluation (models
/// are thread-safe, <see cref="IModel"/>). Used when nobody waits for a record as it is made (the lab streams them).
/// </summary>
internal sealed class DeferredRecordLosses : IDisposable
{
    private readonly BlockingCollection<double[]> _queue = [];

    // Written by the worker only, in the order the records were queued; read after it has finished.
    private readonly List<(double Test, double Train)> _losses = [];
    private readonly Task _worker;

    private DeferredRecordLosses(IModel model, RegressionSet train, RegressionSet test)
    {
        _worker = Task.Factory.StartNew(
            () =>
            {
                foreach (var parameters in _queue.GetConsumingEnumerable())
                {
                    _losses.Add((model.Loss(parameters, test.X, test.Y), model.Loss(parameters, train.X, train.Y)));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>A deferring evaluator unless the records are <paramref name="streamed"/> or there is no second core, else null (evaluate inline).</summary>
    public static DeferredRecordLosses? For(IModel model, RegressionSet train, RegressionSet test, bool streamed) =>
        !streamed && Environment.ProcessorCount > 1 ? new DeferredRecordLosses(model, train, test) : null;

    /// <summary>Queues the next record's parameters (a copy the caller no longer changes); records are queued in order.</summary>
    public void Post(double[] parameters) => _queue.Add(parameters);

    /// <summary>Waits for every queued record and writes its losses into <paramref name="records"/>.</summary>
    public void Complete(List<TrajectoryRecord> records)
    {
        _queue.CompleteAdding();
        try
        {
            _worker.Wait();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        for (var k = 0; k < records.Count; k++)
        {
            var (test, train) = _losses[k];
            records[k] = records[k] with { TestLoss = test, TrainLoss = train };
        }
    }

    /// <summary>Stops the worker (after a failure in the training loop, before <see cref="Complete"/>).</summary>
    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            try
            {
                _worker.Wait();
            }
            catch (AggregateException)
            {
                // The training loop's own exception is the one that propagates.
            }
        }

        _queue.Dispose();
    }
}
