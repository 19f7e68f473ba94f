using System.Diagnostics;
using LossLandscape.Plotting.Export;

namespace LossLandscape.Plotting.Tests;

/// <summary>
/// Runs <see cref="BrowserLaunchTests"/> alone: they compare this process's browser profiles before and after, which an
/// export in a test running beside them would change.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialBrowserLaunches
{
    /// <summary>The collection's name.</summary>
    public const string Name = "serial browser launches";
}

/// <summary>A browser that cannot start or hangs is named in one message and leaves no process or profile behind.</summary>
[Collection(SerialBrowserLaunches.Name)]
public sealed class BrowserLaunchTests
{
    [Fact]
    public async Task ABrowserThatExitsAtOnceIsNamedWithItsExitCode()
    {
        var before = Profiles();
        var e = await Assert.ThrowsAsync<BrowserStartException>(() => FigureExporter.LaunchAsync("/bin/false", TimeSpan.FromSeconds(20)));
        Assert.Equal("'/bin/false' exited with code 1 before it was ready; give the path of a Chromium or Chrome executable", e.Message);
        Assert.Equal(before, Profiles());
    }

    [Fact]
    public async Task AHangingBrowserTimesOutNamingItAndLeavesNoOrphan()
    {
        Assert.True(OperatingSystem.IsLinux(), "process groups and /proc are Linux's");
        // A "browser" that never answers and starts a child of its own; the unique sleep length finds them in /proc.
        var seconds = 3000 + Random.Shared.Next(5000);
        var script = Path.Combine(Path.GetTempPath(), $"hanging-browser-{Guid.NewGuid():N}.sh");
        File.WriteAllText(script, $"#!/bin/sh\nsleep {seconds} &\nsleep {seconds}\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        try
        {
            var before = Profiles();
            var clock = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<BrowserStartException>(() => FigureExporter.LaunchAsync(script, TimeSpan.FromSeconds(2)));
            Assert.Equal($"'{script}' did not start within 2 s; it was stopped", e.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
            Assert.Equal(0, await WaitUntilGone($"sleep\0{seconds}\0"));
            Assert.Equal(before, Profiles());
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The exporters' profile folders of this process.</summary>
    internal static string[] Profiles() =>
        Directory.GetDirectories(Path.GetTempPath(), $"losslandscape-chromium-{Environment.ProcessId}-*").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Processes whose command line contains <paramref name="text"/> (arguments separated by NUL).</summary>
    internal static int Count(string text) =>
        Directory.GetDirectories("/proc").Count(d =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(d), out _) && File.ReadAllText(Path.Combine(d, "cmdline")).Contains(text, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    /// <summary>The count of such processes once it reaches 0, or after five seconds.</summary>
    internal static async Task<int> WaitUntilGone(string text)
    {
        var count = Count(text);
        for (var i = 0; i < 50 && count > 0; i++)
        {
            await Task.Delay(100);
            count = Count(text);
        }

        return count;
    }
}
