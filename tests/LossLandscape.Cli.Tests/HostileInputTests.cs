using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary>
/// Input files and output paths as an attacker gives them: devices, files without line ends, forged .npy headers,
/// folders and pseudo files where a file is written, links, hosts that are not addresses. Each is refused with one
/// line naming the option and the limit, exit code 2, before anything is written; the command runs as a process of
/// its own under a time limit, so an unbounded read fails the test instead of hanging it.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly string[] Small = ["--samples", "200", "--epochs", "2", "--w1", "-1:1:0.5", "--w2", "-1:1:0.5", "--plotlyjs", "cdn"];

    [Theory]
    [InlineData("--data", "/dev/zero", "--data: zero: line 1 is longer than the limit of 1048576 characters")]
    [InlineData("--model", "/dev/zero", "--model: /dev/zero is larger than the limit of 256 MiB for this kind of file")]
    [InlineData("--init-weights", "/dev/zero", "--init-weights: /dev/zero is larger than the limit of 256 MiB for this kind of file")]
    public void ADeviceWithoutEndIsRefusedAtItsLimit(string option, string device, string expected)
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliProcess.Run(60, ["run", option, device, "--out", dir, .. Small]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("error: " + expected, error.TrimEnd());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AOneLineCsvIsRefusedAtTheLineLimitNotReadWhole()
    {
        var dir = CliRunner.TempDirectory();
        var csv = Path.Combine(dir, "one-line.csv");
        File.WriteAllText(csv, "x,y\n" + new string('1', 3 << 20));
        var (exit, _, error) = CliProcess.Run(60, ["run", "--data", csv, "--out", Path.Combine(dir, "out"), .. Small]);
        Assert.Equal(2, exit);
        Assert.Equal("error: --data: one-line.csv: line 2 is longer than the limit of 1048576 characters", error.TrimEnd());
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void ARunJsonWhoseDataIsADeviceIsRefused()
    {
        var dir = CliRunner.TempDirectory();
        var config = Path.Combine(dir, "run.json");
        File.WriteAllText(config, """{"command":"run","options":{"data":"/dev/zero"}}""");
        var (exit, _, error) = CliProcess.Run(60, "run", "--config", config, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, exit);
        Assert.Equal("error: --data: zero: line 1 is longer than the limit of 1048576 characters", error.TrimEnd());
    }

    [Fact]
    public void AConfigFromADeviceIsRefusedAtItsLimit()
    {
        var (exit, _, error) = CliProcess.Run(60, "run", "--config", "/dev/zero", "--out", CliRunner.NewDirectoryPath());
        Assert.Equal(2, exit);
        Assert.Equal("error: --config: /dev/zero is larger than the limit of 16 MiB for this kind of file", error.TrimEnd());
    }

    [Theory]
    [InlineData(2, 0xFFFFFFF0u, "(3,)", "the .npy header claims 4294967280 bytes; at most 65536 are allowed")]
    [InlineData(3, 0x7FFFFFFFu, "(3,)", "the .npy header claims 2147483647 bytes; at most 65536 are allowed")]
    [InlineData(2, 200u, "(3,)", "the .npy header claims 200 bytes but the file holds")]
    [InlineData(1, 0u, "(2147483647, 0)", "holds rows of no values")]
    [InlineData(1, 0u, "(99999999999999999999999,)", "the .npy shape has the length '99999999999999999999999'")]
    [InlineData(1, 0u, "(-3,)", "the .npy shape has the length '-3'")]
    [InlineData(1, 0u, "(2147483647, 2147483647)", "a float64 array of shape (2147483647, 2147483647) needs 36893488113059364872 bytes of data but the file holds 0 (truncated)")]
    public void AForgedNpyHeaderIsRefusedBeforeAnythingIsAllocated(int version, uint claimed, string shape, string expected)
    {
        var dir = CliRunner.TempDirectory();
        var npy = Path.Combine(dir, "forged.npy");
        var header = Encoding.ASCII.GetBytes($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}\n");
        using (var file = File.Create(npy))
        {
            file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
            var length = new byte[version == 1 ? 2 : 4];
            if (version == 1)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(length, claimed);
            }

            file.Write(length);
            file.Write(header);
        }

        var (exit, _, error) = CliProcess.Run(60, ["run", "--init-weights", npy, "--out", Path.Combine(dir, "out"), .. Small]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --init-weights: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void ARowThatIsNotAWholeNumberIsNamedNotTakenForAFileName()
    {
        var (exit, _, error) = CliProcess.Run(60, ["run", "--init-weights", "good.npy:1.5", "--out", CliRunner.NewDirectoryPath(), .. Small]);
        Assert.Equal(2, exit);
        Assert.Equal("error: --init-weights: good.npy:1.5: the row after ':' must be a whole number (0, 1, … or -1 for the last), not '1.5'", error.TrimEnd());
    }

    [Theory]
    [InlineData("folder", "is a folder; give a file name")]
    [InlineData("missing/model.onnx", "does not exist; create it first")]
    [InlineData("/proc/model.onnx", "cannot write into the folder of '/proc/model.onnx'")]
    [InlineData("out/model.onnx", "is inside the run folder")]
    public void AnExportPathThatCannotBeWrittenIsRefusedBeforeTheRun(string path, string expected)
    {
        var dir = CliRunner.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "folder"));
        var target = path.StartsWith('/') ? path : Path.Combine(dir, path);
        var (exit, output, error) = CliProcess.Run(60, ["run", "--export-onnx", target, "--out", Path.Combine(dir, "out"), .. Small]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("error: --export-onnx: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        Assert.Equal(["folder"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void ASymlinkedOutIsRefusedByName()
    {
        var dir = CliRunner.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "real"));
        var link = Path.Combine(dir, "link");
        Directory.CreateSymbolicLink(link, Path.Combine(dir, "real"));
        var (exit, _, error) = CliProcess.Run(60, ["run", "--out", link, .. Small]);
        Assert.Equal(2, exit);
        Assert.Equal($"error: --out: '{link}' is a symbolic link (to {Path.Combine(dir, "real")}); give the folder it points to", error.TrimEnd());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "real")));
    }

    [Fact]
    public void AnOutBelowALinkedFolderIsWrittenThere()
    {
        var dir = CliRunner.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "real"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "link"), Path.Combine(dir, "real"));
        var (exit, _, error) = CliProcess.Run(120, ["run", "--out", Path.Combine(dir, "link", "out"), .. Small]);
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Path.Combine(dir, "real", "out", "run.json")));
    }

    [Theory]
    [InlineData("127.0.0.l")]
    [InlineData("999.1.1.1")]
    [InlineData("127.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("example.com")]
    [InlineData("")]
    public void AHostThatIsNotAnAddressIsRefused(string host)
    {
        var (exit, output, error) = CliProcess.Run(60, "serve", "--port", "0", "--host", host);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"error: --host: '{host}' is not an IP address; give localhost, an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1", error.TrimEnd());
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void ARemoteHostNeedsAllowRemote(string host)
    {
        var (exit, output, error) = CliProcess.Run(60, "serve", "--port", "0", "--host", host);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"error: --host: {host} is not a loopback address and the lab has no authentication: anyone who can reach it could use it; add --allow-remote to serve it there anyway", error.TrimEnd());
    }

    [Fact]
    public async Task ARemoteHostWithAllowRemoteWarnsThatTheLabHasNoAuthentication()
    {
        using var process = CliProcess.Start("serve", "--port", "0", "--host", "0.0.0.0", "--allow-remote");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.StartsWith("The landscape lab is at http://0.0.0.0:", line, StringComparison.Ordinal);
            var warning = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("warning: --host 0.0.0.0 is not a loopback address and the lab has no authentication: anyone who can reach it can use the lab and the machine's processors.", warning);
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    [Fact]
    public void ControlCharactersInAnEchoedValueAreShownAsEscapes()
    {
        var (exit, _, error) = CliProcess.Run(60, "serve", "--host", "\u001b]0;owned\u0007\u001b[2J");
        Assert.Equal(2, exit);
        Assert.DoesNotContain('\u001b', error);
        Assert.Contains("\\u001b]0;owned\\u0007\\u001b[2J", error, StringComparison.Ordinal);
    }

    [BrowserFact]
    public void KillNineDuringThePngExportLeavesNoChromiumNorItsProfile()
    {
        var dir = CliRunner.NewDirectoryPath();
        var parent = Path.GetDirectoryName(dir)!;
        using var process = CliProcess.Start(["run", "--png", "--out", dir, .. Small]);
        var profile = $"losslandscape-chromium-{process.Id}-";
        var clock = Stopwatch.StartNew();
        while (Count(profile) < 2)
        {
            Assert.True(!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120), $"the browser never started: {(process.HasExited ? process.StandardError.ReadToEnd() : "timeout")}");
            Thread.Sleep(20);
        }

        process.Kill(); // SIGKILL: no handler, no clean-up in the process
        process.WaitForExit();
        for (var i = 0; i < 100 && (Count(profile) > 0 || Directory.GetDirectories(Path.GetTempPath(), $"{profile}*").Length > 0); i++)
        {
            Thread.Sleep(100);
        }

        Assert.Equal(0, Count(profile));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), $"{profile}*"));
        Assert.False(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any());
        _ = parent;
    }

    [BrowserFact]
    public void ABrowserThatDiesDuringTheExportIsNamedAndTheFolderIsLeftAsItWas()
    {
        var dir = CliRunner.NewDirectoryPath();
        Assert.Equal(0, CliRunner.Run(["run", "--out", dir, .. Small]).Exit);
        var earlier = File.ReadAllText(Path.Combine(dir, "run.json"));

        // A browser that works at first (it answers DevTools) and is killed a moment later, as an out-of-memory kill
        // would, while the run computes: the export then finds it gone.
        var dying = Path.Combine(CliRunner.TempDirectory(), "dying-browser");
        File.WriteAllText(dying, $$"""
            #!/bin/sh
            for a in "$@"; do case "$a" in --user-data-dir=*) d="${a#--user-data-dir=}";; esac; done
            ( while [ ! -e "$d/DevToolsActivePort" ]; do sleep 0.05; done; sleep 2; kill -9 $$ ) &
            exec '{{Plotting.Export.BrowserLocator.Find(null)}}' "$@"

            """);
        if (!OperatingSystem.IsLinux())
        {
            return; // the watchdog and the test's browser script are Linux's
        }

        File.SetUnixFileMode(dying, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var (exit, _, error) = CliProcess.Run(120, ["run", "--png", "--browser", dying, "--out", dir, "--samples", "5000", "--epochs", "100", "--w1", "-1:1:0.02", "--w2", "-1:1:0.02", "--plotlyjs", "cdn"]);
        Assert.Equal(1, exit);
        Assert.Equal($"error: the browser '{dying}' failed while drawing a figure: it ended or closed its connection; the output folder is left as it was before this run", error.TrimEnd());
        Assert.Equal(earlier, File.ReadAllText(Path.Combine(dir, "run.json")));
    }

    [Fact]
    public void LabelsAreEscapedForTheTerminalAndForSpreadsheets()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliProcess.Run(
            120,
            "compare",
            "--run", "sgd --lr 0.01 label='=HYPERLINK(\"http://x\",\"y\")'",
            "--run", "adam --lr 0.01 label='\u001b[2J\u001b]0;owned\u0007red'",
            "--run", "sgd --lr 0.02 label=-1.5",
            "--samples", "200", "--epochs", "2", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.DoesNotContain('\u001b', output + error);
        Assert.Contains("\\u001b[2J\\u001b]0;owned\\u0007red", output, StringComparison.Ordinal);
        var rows = File.ReadAllLines(Path.Combine(dir, "trajectories.csv")).Skip(1).ToArray();
        Assert.Contains(rows, r => r.StartsWith("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.StartsWith('='));
        Assert.Contains(rows, r => r.StartsWith("-1.5,", StringComparison.Ordinal)); // a number stays a number
    }

    [Fact]
    public void StandardizingValuesThatOverflowIsRefusedNotZeroed()
    {
        var dir = CliRunner.TempDirectory();
        var csv = Path.Combine(dir, "huge.csv");
        File.WriteAllText(csv, "x,y\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{(i % 2 == 0 ? "1.7e308" : "-1.7e308")},{i}\n")));
        var (exit, _, error) = CliProcess.Run(60, ["run", "--data", csv, "--standardize", "--out", Path.Combine(dir, "out"), .. Small]);
        Assert.Equal(2, exit);
        // The mean or the spread overflows first, depending on the order of the training rows.
        Assert.Matches(@"^error: --standardize: column 'x' has values too large to standardize \(their (mean|spread) overflows a double\); scale the column down first$", error.TrimEnd());
    }

    [Fact]
    public void AFeatureNamedTwiceIsRefusedByFeatures()
    {
        var dir = CliRunner.TempDirectory();
        var csv = Path.Combine(dir, "twice.csv");
        File.WriteAllText(csv, "x,z,y\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i},{i}\n")));
        var (exit, _, error) = CliProcess.Run(60, ["run", "--data", csv, "--features", "x,x", "--out", Path.Combine(dir, "out"), .. Small]);
        Assert.Equal(2, exit);
        Assert.Equal("error: --features: names the column 'x' 2 times; name each input column once", error.TrimEnd());
    }

    [Fact]
    public void DirectionsOfHugeEntriesAreRefusedNotDrawnAsNaN()
    {
        var dir = CliRunner.NewDirectoryPath();
        Assert.Equal(0, CliRunner.Run(["run", "--out", dir, .. Small]).Exit);
        var file = Path.Combine(dir, "directions.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
        var d1 = json["d1"]!.AsArray();
        for (var i = 0; i < d1.Count; i++)
        {
            d1[i] = 1e300;
        }

        var forged = Path.Combine(CliRunner.TempDirectory(), "directions.json");
        File.WriteAllText(forged, json.ToJsonString());
        var (exit, _, error) = CliProcess.Run(60, ["run", "--directions", forged, "--out", CliRunner.NewDirectoryPath(), "--samples", "200", "--epochs", "2", "--plotlyjs", "cdn"]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --directions: ", error, StringComparison.Ordinal);
        Assert.Contains("d1 holds a value beyond ±1e7 (the largest is 1E+300); the surface would overflow", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AStepOfOneInTenToThe300IsCountedWithAnExponent()
    {
        var (exit, _, error) = CliRunner.Run(["run", "--w1", "-2:2:1e-300", "--out", CliRunner.NewDirectoryPath(), "--samples", "200", "--epochs", "2"]);
        Assert.Equal(2, exit);
        Assert.Contains("has 4e300 points; at most", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoOverALargeRateIsNotShownAsZero()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run(["run", "--optimizer", "sgd", "--lr", "1e6", "--out", dir, .. Small]);
        Assert.True(exit == 0, error);
        Assert.Contains("against 2/lr = 2e-6,", output, StringComparison.Ordinal);
    }

    [BrowserFact]
    public void ProfilesAndStagePagesOfADeadOwnerAreRemovedByTheNextExport()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the owner's life is asked of /proc
        }

        // A pid that has ended: a process started and waited for.
        using (var gone = Process.Start("true"))
        {
            gone.WaitForExit();
            var profile = Path.Combine(Path.GetTempPath(), $"losslandscape-chromium-{gone.Id}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Path.Combine(profile, "Default"));
            File.WriteAllText(Path.Combine(profile, "Default", "Preferences"), "{}");
            var stage = Path.Combine(Path.GetTempPath(), $"losslandscape-stage-{gone.Id}-{Guid.NewGuid():N}.html");
            File.WriteAllText(stage, "<html></html>");

            // A live owner's (this test process's) are kept.
            var live = Path.Combine(Path.GetTempPath(), $"losslandscape-chromium-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(live);
            try
            {
                var (exit, _, error) = CliProcess.Run(120, ["run", "--png", "--out", CliRunner.NewDirectoryPath(), .. Small]);
                Assert.True(exit == 0, error);
                Assert.False(Directory.Exists(profile), "the dead owner's profile is still there");
                Assert.False(File.Exists(stage), "the dead owner's stage page is still there");
                Assert.True(Directory.Exists(live), "a live owner's profile was removed");
            }
            finally
            {
                Directory.Delete(live, recursive: true);
            }
        }
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
