using System.Diagnostics;
using System.Globalization;
using LossLandscape.IO;

namespace LossLandscape.Plotting.Export;

/// <summary>The browser could not be started or did not answer in time: the message names the executable.</summary>
public sealed class BrowserStartException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public BrowserStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BrowserStartException()
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public BrowserStartException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Headless Chromium started by us, in a process group of its own (through <c>setsid</c> where it exists) and with a
/// profile folder of its own, so that <see cref="Kill"/> ends it and every process it started, on any exit path
/// and from a signal handler.
/// </summary>
internal sealed class BrowserProcess : IDisposable
{
    private const string EndpointPrefix = "DevTools listening on ";
    private static readonly string[] SetsidPaths = ["/usr/bin/setsid", "/bin/setsid"];
    private readonly Process _process;
    private readonly bool _ownGroup;
    private readonly IDisposable _hook;
    private readonly TaskCompletionSource<string> _endpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _killed;

    private BrowserProcess(string executablePath, string profile, Process process, bool ownGroup)
    {
        ExecutablePath = executablePath;
        Profile = profile;
        _process = process;
        _ownGroup = ownGroup;
        _hook = ShutdownHooks.Register(Kill);
        _ = Task.Run(ReadErrorAsync);
        _ = Task.Run(() => process.StandardOutput.BaseStream.CopyToAsync(Stream.Null));
    }

    /// <summary>The executable as given.</summary>
    public string ExecutablePath { get; }

    /// <summary>The browser's own profile folder (<c>--user-data-dir</c>), removed by <see cref="Kill"/>.</summary>
    public string Profile { get; }

    /// <summary>The browser's process id (also its process group's id when <c>setsid</c> was found).</summary>
    public int Id => _process.Id;

    /// <summary>Starts <paramref name="executablePath"/> headless with <paramref name="arguments"/> and a fresh profile.</summary>
    public static BrowserProcess Start(string executablePath, IEnumerable<string> arguments)
    {
        var profile = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"losslandscape-chromium-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(profile);
        var setsid = OperatingSystem.IsLinux() ? SetsidPaths.FirstOrDefault(File.Exists) : null;
        var info = new ProcessStartInfo(setsid ?? executablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (setsid is not null)
        {
            // setsid execs the browser in place (same pid) as the leader of a new session and process group.
            info.ArgumentList.Add(executablePath);
        }

        foreach (var argument in arguments.Concat(["--headless", "--remote-debugging-port=0", $"--user-data-dir={profile}", "--hide-scrollbars", "--mute-audio", "about:blank"]))
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(info) ?? throw new BrowserStartException($"'{executablePath}' could not be started");
            return new BrowserProcess(executablePath, profile, process, setsid is not null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            DeleteProfile(profile);
            throw new BrowserStartException($"'{executablePath}' could not be started ({e.Message})", e);
        }
    }

    /// <summary>The DevTools WebSocket address once the browser prints it; the browser is killed on failure or timeout.</summary>
    public async Task<string> WaitForEndpointAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _endpoint.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
            throw new BrowserStartException(string.Create(CultureInfo.InvariantCulture, $"'{ExecutablePath}' did not start within {timeout.TotalSeconds:0.#} s; it was stopped"));
        }
        catch
        {
            Kill();
            throw;
        }
    }

    /// <summary>Ends the browser's whole process group (or its process tree) and removes its profile; safe from any thread, more than once.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!(_ownGroup && ProcessGroups.Kill(_process.Id)) && !_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(5000);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }

        DeleteProfile(Profile);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a browser asked to close to exit by itself, then kills what is left.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        Kill();
    }

    /// <summary>Kills the browser and forgets the clean-up hook.</summary>
    public void Dispose()
    {
        Kill();
        _hook.Dispose();
        _process.Dispose();
    }

    private async Task ReadErrorAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(EndpointPrefix, StringComparison.Ordinal))
                {
                    _endpoint.TrySetResult(line[EndpointPrefix.Length..].Trim());
                }
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
            _endpoint.TrySetException(new BrowserStartException(string.Create(CultureInfo.InvariantCulture, $"'{ExecutablePath}' exited with code {_process.ExitCode} before it was ready; give the path of a Chromium or Chrome executable")));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            _endpoint.TrySetException(new BrowserStartException($"'{ExecutablePath}' stopped before it was ready", e));
        }
    }

    private static void DeleteProfile(string profile)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(profile); attempt++)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(20);
            }
        }
    }
}
