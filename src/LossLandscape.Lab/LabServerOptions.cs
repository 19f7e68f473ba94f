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

    /// <summary>Runs kept (finished or not) before the oldest finished ones are forgotten.</summary>
    public int MaxRuns { get; init; } = 256;

    /// <summary>
    /// Turns a run command's words (after <c>losslandscape run</c>) into run.json's options and the views, as the command
    /// line parses them, for the download (<c>losslandscape serve</c> passes its parser's; null: the words as given).
    /// </summary>
    public Func<IReadOnlyList<string>, Plotting.RunOutputSettings>? DescribeRun { get; init; }

    /// <summary>True when <see cref="Host"/> is a loopback address or name.</summary>
    public bool IsLoopback => Host is "localhost" || (System.Net.IPAddress.TryParse(Host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
