using System.Collections.Concurrent;

namespace LossLandscape.Lab;

/// <summary>
/// Admits computations: at most <see cref="LabServerOptions.MaxPerClient"/> per client and
/// <see cref="LabServerOptions.MaxConcurrent"/> in all; the rest wait in a queue of
/// <see cref="LabServerOptions.QueueLength"/> for at most <see cref="LabServerOptions.QueueTimeout"/>, and beyond that
/// are turned away (the caller answers 503 with Retry-After).
/// </summary>
internal sealed class ComputeGate : IDisposable
{
    private readonly LabServerOptions _options;
    private readonly SemaphoreSlim _all;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _clients = new(StringComparer.Ordinal);
    private int _waiting;
    private int _running;

    public ComputeGate(LabServerOptions options)
    {
        _options = options;
        _all = new SemaphoreSlim(options.MaxConcurrent, options.MaxConcurrent);
    }

    /// <summary>Computations running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>
    /// A permit to compute (dispose it when done), or null with the reason: the queue was full, or the request waited
    /// in it for <see cref="LabServerOptions.QueueTimeout"/> without a slot.
    /// </summary>
    public async Task<(IDisposable? Permit, GateRefusal Refusal)> EnterAsync(string client, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _options.QueueLength + _options.MaxConcurrent)
        {
            Interlocked.Decrement(ref _waiting);
            return (null, GateRefusal.QueueFull);
        }

        try
        {
            var mine = _clients.GetOrAdd(client, _ => new SemaphoreSlim(_options.MaxPerClient, _options.MaxPerClient));
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(_options.QueueTimeout);
            try
            {
                await mine.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, GateRefusal.WaitedTooLong);
            }

            try
            {
                await _all.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                mine.Release();
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                return (null, GateRefusal.WaitedTooLong);
            }

            Interlocked.Increment(ref _running);
            return (new Permit(this, mine), GateRefusal.None);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Dispose()
    {
        _all.Dispose();
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private sealed class Permit(ComputeGate gate, SemaphoreSlim client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref gate._running);
                gate._all.Release();
                client.Release();
            }
        }
    }
}

/// <summary>Why <see cref="ComputeGate.EnterAsync"/> gave no permit.</summary>
internal enum GateRefusal
{
    /// <summary>A permit was given.</summary>
    None,

    /// <summary>The queue was full when the request came.</summary>
    QueueFull,

    /// <summary>The request waited in the queue for the longest time allowed without getting a slot.</summary>
    WaitedTooLong,
}
