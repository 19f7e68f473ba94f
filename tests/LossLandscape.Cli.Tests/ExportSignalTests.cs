using System.Diagnostics;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary>The browser is checked before anything is written; a signal during the export ends every Chromium process.</summary>
public sealed class ExportSignalTests
{
    private static readonly string[] Small = ["--samples", "1000", "--epochs", "3", "--w1", "-2:2:0.1", "--w2", "-2:2:0.1", "--plotlyjs", "cdn"];

    [Fact]
    public void ABrowserThatCannotStartIsNamedBeforeAnythingIsWritten()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run(["run", "--png", "--browser", "/bin/false", "--out", dir, .. Small]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("error: --browser: '/bin/false' exited with code 1 before it was ready; give the path of a Chromium or Chrome executable", error.TrimEnd());
        Assert.False(Directory.Exists(dir));
    }

    [BrowserFact]
    public void SigtermDuringThePngExportLeavesNoChromiumAndTheEarlierRun()
    {
        var dir = CliRunner.NewDirectoryPath();
        var parent = Path.GetDirectoryName(dir)!;
        Assert.Equal(0, CliRunner.Run(["run", "--out", dir, .. Small]).Exit);
        var earlier = File.ReadAllText(Path.Combine(dir, "run.json"));

        using var process = CliProcess.Start(["run", "--png", "--svg", "--out", dir, .. Small]);
        var profile = $"losslandscape-chromium-{process.Id}-";
        var clock = Stopwatch.StartNew();

        // The views are written into the staging folder just before the export starts.
        while (!Directory.GetDirectories(parent, $".{Path.GetFileName(dir)}.losslandscape-staging-*").Any(s => File.Exists(Path.Combine(s, "contour.html"))))
        {
            Assert.True(!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120), $"the export never started: {(process.HasExited ? process.StandardError.ReadToEnd() : "timeout")}");
            Thread.Sleep(20);
        }

        Assert.True(Count(profile) > 0, "no Chromium process carries the run's profile");
        CliProcess.Signal(process.Id, 15);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the run did not stop on SIGTERM");
        Assert.Equal(143, process.ExitCode);
        Assert.Contains("stopped by SIGTERM", process.StandardError.ReadToEnd(), StringComparison.Ordinal);

        for (var i = 0; i < 50 && Count(profile) > 0; i++)
        {
            Thread.Sleep(100);
        }

        Assert.Equal(0, Count(profile));
        Assert.Equal(earlier, File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.False(File.Exists(Path.Combine(dir, "landscape.png")));
        Assert.Empty(Directory.GetDirectories(parent, $".{Path.GetFileName(dir)}.losslandscape-staging-*"));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), $"{profile}*"));
    }

    /// <summary>Processes whose command line contains <paramref name="text"/>.</summary>
    private static int Count(string text) =>
        Directory.GetDirectories("/proc").Count(d =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(d), out _) && File.ReadAllText(Path.Combine(d, "cmdline")).Contains(text, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        });
}
