namespace LossLandscape.Lab;

/// <summary>Where the lab listens and how much it computes at once.</summary>
public sealed record LabServerOptions
{
    /// <summary>The address to bind (default loopback only).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port (0: any free port).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Computations one client may run at once.</summary>
    public int MaxPerClient { get; init; } = 2;

    /// <summary>Computations running at once in all (default: the machine's cores).</summary>
    public int MaxConcurrent { get; init; } = Environment.ProcessorCount;

    /// <summary>Computations that may wait for a slot; beyond that a request gets 503.</summary>
    public int QueueLength { get; init; } = 64;

    /// <summary>How long a computation may wait for a slot before it gets 503.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one computation (a surface, a run, a download) may take.</summary>
    public TimeSpan ComputationTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Runs kept (finished or not) before the least recently used finished ones are forgotten.</summary>
    public int MaxRuns { get; init; } = 256;

    /// <summary>
    /// Bytes the kept runs' records may take in all (default 512 MiB, half of the lab's 1 GiB budget for its resident
    /// memory): beyond it the least recently used finished runs are forgotten, and a run that would not fit is refused.
    /// </summary>
    public long RunMemoryBudget { get; init; } = 512L << 20;

    /// <summary>Bytes one run's records may take (default 128 MiB); a run estimated to need more is refused with 422.</summary>
    public long MaxRunBytes { get; init; } = 128L << 20;

    /// <summary>How long one write to an event stream may wait for a client that does not read before the client is dropped.</summary>
    public TimeSpan StreamWriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Turns a run command's words (after <c>losslandscape run</c>) into run.json's options and the views, as the command
    /// line parses them, for the download (<c>losslandscape serve</c> passes its parser's; null: the words as given).
    /// </summary>
    public Func<IReadOnlyList<string>, Plotting.RunOutputSettings>? DescribeRun { get; init; }

    /// <summary>Whether a <see cref="Host"/> other than loopback may be bound (the lab has no authentication).</summary>
    public bool AllowRemote { get; init; }

    /// <summary>
    /// Throws <see cref="InvalidOptionException"/> for <c>host</c> unless <see cref="Host"/> is <c>localhost</c> or an IP
    /// address in its usual form (four decimal numbers, or IPv6), and, when it is not loopback, <see cref="AllowRemote"/> is set.
    /// </summary>
    public void Validate()
    {
        if (!IsAddress(Host))
        {
            var shown = Host.Length > 64 ? Host[..64] + "…" : Host;
            throw new InvalidOptionException("host", $"'{SafeText.Terminal(shown)}' is not an IP address; give localhost, an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1");
        }

        if (!IsLoopback && !AllowRemote)
        {
            throw new InvalidOptionException("host", $"{Host} is not a loopback address and the lab has no authentication: anyone who can reach it could use it; add --allow-remote to serve it there anyway");
        }
    }

    /// <summary><c>localhost</c>, a dotted-quad IPv4 address (each part 0–255, as written), or an IPv6 address.</summary>
    public static bool IsAddress(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host == "localhost")
        {
            return true;
        }

        if (!System.Net.IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        // IPAddress also takes "127.1", "0x7f.0.0.1" and "2130706433"; only the usual form is an address here.
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? host.Contains(':', StringComparison.Ordinal)
            : address.ToString() == host;
    }

    /// <summary>True when <see cref="Host"/> is a loopback address or name.</summary>
    public bool IsLoopback => Host is "localhost" || (System.Net.IPAddress.TryParse(Host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
