using System.Runtime.InteropServices;
using LossLandscape.IO;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>
/// SIGINT and SIGTERM stop the tool at any moment: every <see cref="ShutdownHooks"/> clean-up runs (staging folders
/// removed, browsers ended), one line is printed and the process exits with 128 + the signal number (130, 143).
/// </summary>
public static class SignalExit
{
    private static int _stopping;

    /// <summary>True once a signal has begun stopping the process.</summary>
    public static bool IsStopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>Installs the handlers for the life of the process; dispose to remove them.</summary>
    public static IDisposable Install(TextWriter? error = null)
    {
        var writer = error ?? Console.Error;
        var registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, "SIGINT", 130, writer)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, "SIGTERM", 143, writer)),
        };
        return new Registrations(registrations);
    }

    private static void Stop(PosixSignalContext context, string name, int exitCode, TextWriter error)
    {
        // The default action would end the process before the clean-up; the exit below ends it after.
        context.Cancel = true;
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        ShutdownHooks.RunAll();
        error.WriteLine($"error: stopped by {name}; the output folder is left as it was before this run");
        error.Flush();
        Environment.Exit(exitCode);
    }

    private sealed class Registrations(PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            // The command may return (with the error the stopped browser caused) while the handler is cleaning up:
            // wait for the handler's exit code instead of ending with that one.
            if (Volatile.Read(ref _stopping) != 0)
            {
                Thread.Sleep(Timeout.Infinite);
            }

            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
