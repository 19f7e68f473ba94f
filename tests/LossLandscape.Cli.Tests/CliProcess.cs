using System.Diagnostics;

namespace LossLandscape.Cli.Tests;

/// <summary>Starts the built command line (<c>dotnet LossLandscape.Cli.dll</c>) as a process of its own, for kills and signals.</summary>
internal static class CliProcess
{
    /// <summary>The CLI assembly copied beside the tests.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "LossLandscape.Cli.dll");

    /// <summary>Starts the CLI with <paramref name="args"/>, output redirected.</summary>
    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts the CLI with <paramref name="args"/> and the extra <paramref name="environment"/> variables, output redirected.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Runs the CLI to the end (at most <paramref name="timeoutSeconds"/>): exit code, stdout, stderr.</summary>
    public static (int Exit, string Out, string Error) Run(int timeoutSeconds, params string[] args) =>
        Run(new Dictionary<string, string>(), timeoutSeconds, args);

    /// <summary>Runs the CLI to the end with the extra <paramref name="environment"/> variables: exit code, stdout, stderr.</summary>
    public static (int Exit, string Out, string Error) Run(IReadOnlyDictionary<string, string> environment, int timeoutSeconds, params string[] args)
    {
        using var process = Start(environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"losslandscape {string.Join(' ', args)} ran longer than {timeoutSeconds} s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. 15 for SIGTERM) to <paramref name="pid"/>.</summary>
    public static void Signal(int pid, int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
