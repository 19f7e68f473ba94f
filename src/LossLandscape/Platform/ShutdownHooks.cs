namespace LossLandscape.Platform;

/// <summary>
/// Work that must happen when the process is stopped by a signal before it finishes: staging folders removed,
/// browser processes ended. Whoever owns such a resource registers here; the command line's signal handler runs them all.
/// </summary>
public static class ShutdownHooks
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<long, Action> Hooks = [];
    private static long _next;

    /// <summary>Registers <paramref name="hook"/>; disposing the result removes it.</summary>
    public static IDisposable Register(Action hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (Gate)
        {
            var id = ++_next;
            Hooks[id] = hook;
            return new Registration(id);
        }
    }

    /// <summary>Runs every registered hook once, newest first; a hook that throws does not stop the others.</summary>
    public static void RunAll()
    {
        Action[] hooks;
        lock (Gate)
        {
            hooks = Hooks.OrderByDescending(h => h.Key).Select(h => h.Value).ToArray();
            Hooks.Clear();
        }

        foreach (var hook in hooks)
        {
            try
            {
                hook();
            }
#pragma warning disable CA1031 // Shutting down: one failing clean-up must not keep the others from running.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private sealed class Registration(long id) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                Hooks.Remove(id);
            }
        }
    }
}
