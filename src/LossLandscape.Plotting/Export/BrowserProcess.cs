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
/// The browser stopped working while it drew a figure (it had started and answered before): the message names the
/// executable and what failed, in one line.
/// </summary>
public sealed class BrowserFailedException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public BrowserFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BrowserFailedException()
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public BrowserFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Headless Chromium started by us, in a process group of its own (through <c>setsid</c> where it exists) and with a
/// profile folder of its own, so that <see cref="Kill"/> ends it and every process it started, on any exit path
/// and from a signal handler. On Linux a small shell watchdog leads the group: it holds the read end of a pipe whose
/// write end only this process has, and when that closes (this process ended in any way, even SIGKILL) it kills the
/// whole group, so no browser and no DevTools port outlives its owner, and removes the profile. Profiles and stage
/// pages whose owner is gone are removed by the next start.
/// </summary>
internal sealed class BrowserProcess : IDisposable
{
    private const string EndpointPrefix = "DevTools listening on ";

    /// <summary>The names of the temporary files and folders a browser and its owner leave: «prefix»«owner's pid»-….</summary>
    internal static readonly string[] TemporaryPrefixes = ["losslandscape-chromium-", "losslandscape-stage-"];

    private static readonly string[] SetsidPaths = ["/usr/bin/setsid", "/bin/setsid"];

    /// <summary>
    /// The watchdog (run by <c>/bin/sh</c> as the group's leader; $1 the profile, the rest the browser's command). Its
    /// standard input is the pipe only the owner holds. A cleaner in a session of its own waits for that pipe's end,
    /// then for the group to be gone, and removes the profile; the browser runs with its standard input closed; a
    /// child waits for the pipe's end too and kills the whole group; when the browser ends first, so does the watchdog.
    /// </summary>
    private const string Watchdog =
        "p=$1; g=$$; shift\n"
        + "exec 3<&0 </dev/null\n"
        + "setsid sh -c 'while read -r _; do :; done; while kill -s 0 -- -\"$2\" 2>/dev/null; do sleep 0.1; done; rm -rf -- \"$1\"' sh \"$p\" \"$g\" <&3 >/dev/null 2>&1 &\n"
        + "\"$@\" 3<&- &\n"
        + "c=$!\n"
        + "( while read -r _ <&3; do :; done; kill -KILL 0 ) &\n"
        + "w=$!\n"
        + "exec 3<&-\n"
        + "wait $c; s=$?\n"
        + "kill $w 2>/dev/null\n"
        + "exit $s\n";
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

    /// <summary>Whether the browser (or its watchdog) has ended.</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>The browser's process id (also its process group's id when <c>setsid</c> was found).</summary>
    public int Id => _process.Id;

    /// <summary>Starts <paramref name="executablePath"/> headless with <paramref name="arguments"/> and a fresh profile.</summary>
    public static BrowserProcess Start(string executablePath, IEnumerable<string> arguments)
    {
        RemoveOrphans();
        var profile = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"{TemporaryPrefixes[0]}{Environment.ProcessId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(profile);
        var setsid = OperatingSystem.IsLinux() ? SetsidPaths.FirstOrDefault(File.Exists) : null;
        var watchdog = setsid is not null && File.Exists("/bin/sh");
        var info = new ProcessStartInfo(setsid ?? executablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (watchdog)
        {
            // setsid execs the watchdog in place (same pid) as the leader of a new session and process group; the
            // browser and everything it starts join that group. Its standard input is the pipe only we hold.
            info.ArgumentList.Add("/bin/sh");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(Watchdog);
            info.ArgumentList.Add("losslandscape-browser-watchdog");
            info.ArgumentList.Add(profile);
            info.ArgumentList.Add(executablePath);
        }
        else if (setsid is not null)
        {
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

    /// <summary>
    /// Removes the profiles and stage pages in the temporary folder whose owner (the pid in their name) has ended: what
    /// a process killed before it could clean up left. Linux only (it asks /proc whether the owner lives).
    /// </summary>
    internal static void RemoveOrphans()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(Path.GetTempPath(), "losslandscape-*"))
            {
                var name = Path.GetFileName(entry);
                var prefix = TemporaryPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal));
                if (prefix is null)
                {
                    continue;
                }

                var rest = name.AsSpan(prefix.Length);
                var dash = rest.IndexOf('-');
                if (dash <= 0 || !int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                    || owner == Environment.ProcessId || Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{owner}")))
                {
                    continue;
                }

                if (Directory.Exists(entry))
                {
                    DeleteProfile(entry);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's leftovers, or one removed meanwhile: not ours to insist on.
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
