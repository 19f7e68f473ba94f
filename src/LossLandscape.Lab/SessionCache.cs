using LossLandscape.Experiments;
using LossLandscape.Landscape;

namespace LossLandscape.Lab;

/// <summary>
/// The last few prepared landscapes (data drawn, model built, plane made), so that redrawing a surface or starting
/// another run on the same landscape does not draw 10⁶ samples again. Least recently used entries are dropped first;
/// a landscape being prepared is prepared once however many requests ask for it.
/// </summary>
internal sealed class SessionCache
{
    private readonly Lock _gate = new();
    private readonly LinkedList<(string Key, Lazy<LandscapeSession> Session)> _entries = new();
    private readonly int _capacity;

    public SessionCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Landscapes prepared (not taken from the cache) so far.</summary>
    public int Prepared => _prepared;

    private int _prepared;

    /// <summary>The session for <paramref name="options"/>, keyed by <paramref name="key"/> (the landscape request's JSON).</summary>
    public LandscapeSession Get(string key, ExperimentOptions options)
    {
        Lazy<LandscapeSession> entry;
        lock (_gate)
        {
            var node = _entries.First;
            while (node is not null && node.Value.Key != key)
            {
                node = node.Next;
            }

            if (node is null)
            {
                node = new LinkedListNode<(string, Lazy<LandscapeSession>)>((key, new Lazy<LandscapeSession>(() =>
                {
                    Interlocked.Increment(ref _prepared);
                    return LandscapeSession.Prepare(options);
                })));
                while (_entries.Count >= _capacity)
                {
                    _entries.RemoveLast();
                }
            }
            else
            {
                _entries.Remove(node);
            }

            _entries.AddFirst(node);
            entry = node.Value.Session;
        }

        try
        {
            return entry.Value;
        }
        catch
        {
            // A landscape that cannot be prepared (an invalid option, a cancelled request) is not kept.
            lock (_gate)
            {
                var node = _entries.First;
                while (node is not null && !ReferenceEquals(node.Value.Session, entry))
                {
                    node = node.Next;
                }

                if (node is not null)
                {
                    _entries.Remove(node);
                }
            }

            throw;
        }
    }
}
