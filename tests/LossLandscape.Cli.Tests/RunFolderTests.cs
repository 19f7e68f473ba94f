using System.Diagnostics;
using System.Text.Json;
using LossLandscape.Platform;

namespace LossLandscape.Cli.Tests;

/// <summary>The output folder holds one whole run: staging and swap, the lock, foreign files, kills.</summary>
public sealed class RunFolderTests
{
    private static readonly string[] Small = ["--samples", "1000", "--w1", "-2:2:0.1", "--w2", "-2:2:0.1", "--plotlyjs", "cdn"];

    [Fact]
    public void ANewRunReplacesEveryFileOfTheOldOneAndLeavesNoStaging()
    {
        var dir = CliRunner.NewDirectoryPath();
        Assert.Equal(0, CliRunner.Run(["run", "--out", dir, "--epochs", "1", .. Small[..^2], "--plotlyjs", "directory"]).Exit);
        Assert.True(File.Exists(Path.Combine(dir, "plotly.min.js")));

        // A PNG of the earlier run (as --png writes it) must not survive into the next run's folder.
        File.WriteAllBytes(Path.Combine(dir, "landscape.png"), [1, 2, 3]);
        var marker = Path.Combine(dir, LossLandscape.Platform.RunFolder.MarkerName);
        File.AppendAllText(marker, "landscape.png\n");

        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--epochs", "2", .. Small]);
        Assert.True(exit == 0, error);
        Assert.False(File.Exists(Path.Combine(dir, "plotly.min.js")));
        Assert.False(File.Exists(Path.Combine(dir, "landscape.png")));
        Assert.Equal(
            ["analysis.json", "contour.html", "data.csv", "directions.json", "landscape.html", "run.json", "surface.json", "trajectory.csv", "weights.npy"],
            File.ReadAllLines(marker).Skip(1));
        Assert.Equal(File.ReadAllLines(marker).Skip(1).Append(LossLandscape.Platform.RunFolder.MarkerName).Order(StringComparer.Ordinal), Names(dir));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}*"));
    }

    [Fact]
    public void AFolderWithForeignFilesIsRefusedAndKeptAsItWas()
    {
        var dir = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        var (exit, output, error) = CliRunner.Run(["run", "--out", dir, "--epochs", "1", .. Small]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"error: --out: '{dir}' holds files losslandscape did not write (notes.txt); give an empty or new directory, or one holding an earlier run", error.TrimEnd());
        Assert.Equal(["notes.txt"], Names(dir));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}*"));
    }

    [Fact]
    public void AForeignFileAddedToAnEarlierRunIsRefused()
    {
        var dir = CliRunner.NewDirectoryPath();
        Assert.Equal(0, CliRunner.Run(["run", "--out", dir, "--epochs", "1", .. Small]).Exit);
        File.WriteAllText(Path.Combine(dir, "my-plot.png"), "mine");
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--epochs", "1", .. Small]);
        Assert.Equal(2, exit);
        Assert.Contains("(my-plot.png)", error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "my-plot.png")));
    }

    [Fact]
    public void AnEarlierVersionsRunWithItsTemporariesIsReplaced()
    {
        var dir = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "run.json"), "{\n  \"tool\": \"losslandscape\",\n  \"version\": \"0.1.0\"\n}\n");
        File.WriteAllText(Path.Combine(dir, "contour.png"), "old");
        File.WriteAllText(Path.Combine(dir, ".surface.json.4242.0123456789abcdef0123456789abcdef.tmp"), "half");
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--epochs", "1", .. Small]);
        Assert.True(exit == 0, error);
        Assert.False(File.Exists(Path.Combine(dir, "contour.png")));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void AFailedRunLeavesNoFolderBehind()
    {
        var dir = CliRunner.NewDirectoryPath();

        // A start far off the grid fails after the folder was opened: the grid that would cover the path is too large.
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--epochs", "1", "--init", "1e6,1e6", "--samples", "1000"]);
        Assert.StartsWith("error: --no-extend:", error, StringComparison.Ordinal);
        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(dir));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}*"));
    }

    [Fact]
    public void ASecondRunIntoAFolderBeingWrittenGetsOneLineAndExit2()
    {
        var dir = CliRunner.NewDirectoryPath();
        var parent = Path.GetDirectoryName(dir)!;
        Directory.CreateDirectory(parent);
        using var first = CliProcess.Start(["run", "--out", dir, "--epochs", "400", "--plotlyjs", "cdn"]);
        var clock = Stopwatch.StartNew();
        while (Directory.GetDirectories(parent, $".{Path.GetFileName(dir)}.losslandscape-staging-*").Length == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !first.HasExited, "the first run never opened its staging folder");
            Thread.Sleep(20);
        }

        var (exit, output, error) = CliRunner.Run(["run", "--out", dir, "--epochs", "1", .. Small]);
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(120)));
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"error: --out: '{dir}' is being written by another losslandscape run; wait for it to finish or choose another directory", error.TrimEnd());
        Assert.Equal(0, first.ExitCode);
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal("400", run.RootElement.GetProperty("options").GetProperty("epochs").GetString());
    }

    [Fact]
    public void KillNineAtRandomMomentsAlwaysLeavesOneCompleteRun()
    {
        var dir = CliRunner.NewDirectoryPath();
        var parent = Path.GetDirectoryName(dir)!;
        string[] args(int epochs) => ["run", "--out", dir, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--samples", "4000", "--plotlyjs", "directory"];
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, CliProcess.Run(120, args(1)).Exit);
        var duration = clock.Elapsed;
        Assert.Equal(2, Records(dir));

        var random = new Random(9);
        var seen = new HashSet<int>();
        for (var trial = 0; trial < 8; trial++)
        {
            var epochs = 2 + trial;
            using var process = CliProcess.Start(args(epochs));
            Thread.Sleep(random.Next((int)(duration.TotalMilliseconds * 1.1)));
            process.Kill();
            process.WaitForExit();

            // Either the earlier complete run or this one, whole: every file in the marker's list and no other,
            // run.json and trajectory.csv of the same run.
            var records = Records(dir);
            using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
            var recordedEpochs = int.Parse(run.RootElement.GetProperty("options").GetProperty("epochs").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(recordedEpochs + 1, records);
            Assert.True(recordedEpochs == epochs || recordedEpochs < epochs, $"trial {trial}: epochs {recordedEpochs}");
            Assert.Equal(File.ReadAllLines(Path.Combine(dir, LossLandscape.Platform.RunFolder.MarkerName)).Skip(1).Append(LossLandscape.Platform.RunFolder.MarkerName).Order(StringComparer.Ordinal), Names(dir));
            Assert.Equal(11, Names(dir).Count);
            seen.Add(recordedEpochs == epochs ? 1 : 0);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }

        // The next run clears what the killed ones left beside the folder.
        Assert.Equal(0, CliProcess.Run(120, args(1)).Exit);
        Assert.Empty(Directory.GetDirectories(parent, $".{Path.GetFileName(dir)}*"));
        // Seeded delays up to 1.1 × a run's duration: some kills land before the swap (the old run stays).
        Assert.Contains(0, seen);
    }

    private static int Records(string dir) => File.ReadAllLines(Path.Combine(dir, "trajectory.csv")).Length - 1;

    private static List<string> Names(string dir) =>
        Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();
}
