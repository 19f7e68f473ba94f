using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary>
/// scripts/slurm/local-cluster.sh: a one-node cluster on localhost runs a 16-task array job, cancels a task, and its stop
/// leaves none of the daemons it started.
/// </summary>
public sealed class LocalSlurmTests
{
    private static string Script => Path.Combine(Reference.RepositoryRoot, "scripts", "slurm", "local-cluster.sh");

    [SlurmFact]
    public void AnArrayJobRunsEveryTaskAndStopEndsEveryDaemonItStarted()
    {
        var folder = Directory.CreateTempSubdirectory("slurm-").FullName;
        var port = FreePortPair();
        var environment = new Dictionary<string, string> { ["SLURM_PORT"] = port.ToString(CultureInfo.InvariantCulture) };
        var (code, output) = Run(Script, ["start", folder], environment, TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"start failed ({code}): {output}");
        var pids = File.ReadAllLines(Path.Combine(folder, "pids")).Select(l => int.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).ToArray();
        try
        {
            environment["SLURM_CONF"] = Path.Combine(folder, "slurm.conf");
            Assert.Contains($"export SLURM_CONF={environment["SLURM_CONF"]}", output, StringComparison.Ordinal);
            var done = Directory.CreateDirectory(Path.Combine(folder, "done")).FullName;
            var job = Path.Combine(folder, "array.sh");
            File.WriteAllText(job, $"#!/bin/bash\n#SBATCH --array=0-15\n#SBATCH --output={folder}/task-%a.out\necho $SLURM_ARRAY_TASK_ID > {done}/$SLURM_ARRAY_TASK_ID\n");
            var id = Submit(job, environment);
            WaitUntilGone(id, environment, TimeSpan.FromSeconds(120));
            Assert.Equal(
                Enumerable.Range(0, 16).Select(i => i.ToString(CultureInfo.InvariantCulture)),
                Directory.GetFiles(done).Select(f => File.ReadAllText(f).Trim()).Order(StringComparer.Ordinal).OrderBy(s => s.Length));

            // A task cancelled while it runs leaves no result; the other task of its array finishes.
            var slow = Path.Combine(folder, "slow.sh");
            var marks = Directory.CreateDirectory(Path.Combine(folder, "slow")).FullName;
            File.WriteAllText(slow, $"#!/bin/bash\n#SBATCH --array=0-1\n#SBATCH --output=/dev/null\ntouch {marks}/started-$SLURM_ARRAY_TASK_ID\nsleep $((1 + 30 * SLURM_ARRAY_TASK_ID))\ntouch {marks}/done-$SLURM_ARRAY_TASK_ID\n");
            var slowId = Submit(slow, environment);
            var started = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(marks, "started-1")) && started.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(100);
            }

            Assert.True(File.Exists(Path.Combine(marks, "started-1")), "task 1 never started");
            Assert.Equal(0, Run("scancel", [$"{slowId}_1"], environment, TimeSpan.FromSeconds(30)).Code);
            WaitUntilGone(slowId, environment, TimeSpan.FromSeconds(60));
            Assert.True(File.Exists(Path.Combine(marks, "done-0")), "task 0 did not finish");
            Assert.False(File.Exists(Path.Combine(marks, "done-1")), "the cancelled task finished");
        }
        finally
        {
            var (stopCode, stopOutput) = Run(Script, ["stop", folder], environment, TimeSpan.FromSeconds(60));
            Assert.True(stopCode == 0, $"stop failed: {stopOutput}");
        }

        foreach (var pid in pids)
        {
            Assert.False(IsRunning(pid), $"daemon {pid} still runs after stop");
        }

        Directory.Delete(folder, recursive: true);
    }

    private static string Submit(string job, Dictionary<string, string> environment)
    {
        var (code, output) = Run("sbatch", ["--parsable", job], environment, TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"sbatch failed: {output}");
        return output.Trim().Split(';')[0];
    }

    private static void WaitUntilGone(string id, Dictionary<string, string> environment, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var (_, output) = Run("squeue", ["-h", "-j", id], environment, TimeSpan.FromSeconds(30));
            if (output.Trim().Length == 0 || output.Contains("Invalid job id", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(250);
        }

        Assert.Fail($"job {id} still queued after {limit.TotalSeconds} s");
    }

    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        // A zombie (state Z) has ended; only its parent has not read its status yet.
        var text = File.ReadAllText(stat);
        return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
    }

    /// <summary>A port p with p and p + 1 free (slurmctld and slurmd).</summary>
    private static int FreePortPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var first = new TcpListener(IPAddress.Any, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port >= 65535)
            {
                continue;
            }

            try
            {
                using var second = new TcpListener(IPAddress.Any, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no two adjacent free ports");
    }

    private static (int Code, string Output) Run(string file, string[] arguments, Dictionary<string, string> environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} timed out after {limit.TotalSeconds} s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
