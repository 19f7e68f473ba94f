using System.Diagnostics;
using System.Text.Json;
using LossLandscape.Experiments;
using LossLandscape.Pipeline;
using LossLandscape.Training;

namespace LossLandscape.Lab;

/// <summary>
/// One run in the lab: training on a worker thread, every record kept (for late subscribers and the download) and
/// announced as soon as it is computed; stopped by <see cref="Stop"/>, its time limit or its client leaving.
/// </summary>
internal sealed class LabRun : IDisposable
{
    private readonly object _lock = new();
    private readonly List<string> _events = [];
    private readonly List<(TrajectoryRecord Record, RecordProjection Projection)> _records = [];
    private readonly CancellationTokenSource _stop;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _done;

    public LabRun(string id, RunRequest request, ExperimentOptions options, LandscapeSession session, TimeSpan timeout, long reserved = 0)
    {
        Id = id;
        Request = request;
        Options = options;
        Session = session;
        _stop = new CancellationTokenSource(timeout);
        _reserved = reserved;
        Touch();
    }

    private readonly long _reserved;
    private long _bytes;
    private long _lastUsed;

    /// <summary>
    /// The bytes the run keeps (its records' parameters and events), or, while it runs, what it was estimated to keep
    /// if that is more: what the lab's memory budget counts.
    /// </summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _done is null ? Math.Max(_bytes, _reserved) : _bytes;
            }
        }
    }

    /// <summary>When the run was last read (its stream, records or download), for forgetting the least recently used first.</summary>
    public long LastUsed => Interlocked.Read(ref _lastUsed);

    private void Touch() => Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());

    public string Id { get; }

    public RunRequest Request { get; }

    public ExperimentOptions Options { get; }

    public LandscapeSession Session { get; }

    /// <summary>Completes when training has ended (any way).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public bool IsDone
    {
        get
        {
            lock (_lock)
            {
                return _done is not null;
            }
        }
    }

    /// <summary>The records and projections so far.</summary>
    public (TrajectoryRecord Record, RecordProjection Projection)[] Records()
    {
        Touch();
        lock (_lock)
        {
            return [.. _records];
        }
    }

    /// <summary>Starts training on a worker thread; <paramref name="permit"/> is released when it ends.</summary>
    public void Start(IDisposable permit)
    {
        // A thread of its own, not the thread pool's: a run holds its thread for up to the time limit, and pool threads
        // held that long starve the stream's continuations and Kestrel (the pool then injects threads, two a second).
        Completion = Task.Factory.StartNew(() =>
        {
            using var held = permit;
            var clock = Stopwatch.StartNew();
            string status;
            string? reason = null;
            try
            {
                var trajectory = Session.Run(Options, Add, _stop.Token);
                _divergence = trajectory.Divergence;
                status = trajectory.Divergence is { } d ? "diverged" : "finished";
                reason = trajectory.Divergence is { } dd ? $"diverged in epoch {dd.Epoch} at step {dd.Step} ({dd.Reason})" : null;
            }
            catch (OperationCanceledException)
            {
                status = _stopped ? "stopped" : "timeout";
                reason = _stopped ? null : "the run took longer than the lab's time limit";
            }
#pragma warning disable CA1031 // A failed run ends its stream with the reason; the server keeps serving.
            catch (Exception e)
#pragma warning restore CA1031
            {
                status = "failed";
                reason = LabHttp.Fields(e.Message);
            }

            _trainingSeconds = clock.Elapsed.TotalSeconds;
            Finish(new DoneEvent(status, Count, reason, _trainingSeconds));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private volatile bool _stopped;
    private Divergence? _divergence;
    private double _trainingSeconds;

    /// <summary>
    /// What <c>losslandscape run</c> computes for this run with <paramref name="options"/> (the run's own, or the same run
    /// on another plane): the records so far completed by the pipeline's later stages (<see cref="LandscapeSession.Complete"/>).
    /// </summary>
    public ExperimentResult Complete(ExperimentOptions options, CancellationToken cancellationToken)
    {
        var records = Records().Select(r => r.Record).ToArray();
        Divergence? divergence;
        double seconds;
        lock (_lock)
        {
            divergence = _done is null ? null : _divergence;
            seconds = _trainingSeconds;
        }

        return Session.Complete(options, records, divergence, seconds, cancellationToken);
    }

    private int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Stops training at the next record or epoch.</summary>
    public void Stop()
    {
        _stopped = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// At most <paramref name="max"/> record events from <paramref name="index"/> on, then the done event when the run
    /// has ended and no record is left; whether it was included; and a task that completes on the next change.
    /// </summary>
    public (string[] Events, bool Done, Task Changed) Read(int index, int max = int.MaxValue)
    {
        Touch();
        lock (_lock)
        {
            var count = Math.Max(0, Math.Min(max, _events.Count - index));
            var done = _done is not null && index + count == _events.Count;
            var events = new string[count + (done ? 1 : 0)];
            _events.CopyTo(index, events, 0, count);
            if (done)
            {
                events[^1] = _done!;
            }

            return (events, done, _changed.Task);
        }
    }

    private void Add(TrajectoryRecord record, RecordProjection p)
    {
        // Stamped first: the time from here to the page's EventSource is what the stream adds (the target is ≤ 50 ms).
        var computed = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        TaskCompletionSource changed;
        lock (_lock)
        {
            var e = Event(_records.Count, record, p) with { Computed = computed };
            _records.Add((record, p));
            var text = "event: record\ndata: " + JsonSerializer.Serialize(e, LabResponseJson.Default.RecordEvent) + "\n\n";
            _events.Add(text);
            _bytes += (8L * (record.Parameters.Length + (record.Preconditioner?.Length ?? 0))) + (2L * text.Length) + LabCost.RecordOverheadBytes;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private void Finish(DoneEvent done)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _done = "event: done\ndata: " + JsonSerializer.Serialize(done, LabResponseJson.Default.DoneEvent) + "\n\n";
            changed = _changed;
        }

        changed.TrySetResult();
    }

    /// <summary>Record <paramref name="index"/> as the stream sends it: trajectory.csv's columns, non-finite numbers as null.</summary>
    public static RecordEvent Event(int index, TrajectoryRecord record, RecordProjection p) =>
        new(index, record.Epoch, record.Step, F(p.A), F(p.B), F(record.TestLoss), F(record.TrainLoss), F(record.LearningRate), F(p.Distance), F(p.SurfaceLoss));

    private static double? F(double value) => double.IsFinite(value) ? value : null;

    public void Dispose() => _stop.Dispose();
}
