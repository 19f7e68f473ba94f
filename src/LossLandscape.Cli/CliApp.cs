using LossLandscape.Cli.Commands;
using LossLandscape.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LossLandscape.Cli;

/// <summary>Builds and runs the <c>losslandscape</c> command line.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Exit code for a failure that is not the user's input.</summary>
    public const int FailureExitCode = 1;

    /// <summary>Runs the command line with <paramref name="args"/>; errors go to <paramref name="error"/> as one line.</summary>
    public static int Run(string[] args, IAnsiConsole? console = null, TextWriter? error = null)
    {
        error ??= Console.Error;
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("losslandscape");
            config.SetApplicationVersion(RunManifest.Version);
            config.UseStrictParsing();
            if (console is not null)
            {
                config.ConfigureConsole(console);
            }

            config.AddCommand<RunCommand>("run")
                .WithDescription("Draw the data, train, compute the loss surface and write the figure and data files.")
                .WithExample("run")
                .WithExample("run", "--lr", "0.05", "--epochs", "50", "--out", "fast-lr")
                .WithExample("run", "--init", "-1,-1", "--w1", "-3:1:0.05");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Race optimizers from the same start, on the same data and batches, on one loss surface.")
                .WithExample("compare")
                .WithExample("compare", "--run", "\"sgd --lr 0.01 --momentum 0.9\"", "--run", "\"adam --lr 0.05 label=fast-adam\"", "--epochs", "50");
            config.SetExceptionHandler((exception, _) => Report(exception, error));
        });
        return app.Run(JoinRunValues(args));
    }

    /// <summary>
    /// Joins <c>--run VALUE</c> into <c>--run=VALUE</c>, so a value that starts with a dash (<c>--run "--lr 0.1"</c>)
    /// is taken as the value and not as an option.
    /// </summary>
    public static string[] JoinRunValues(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var joined = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--run" && i + 1 < args.Length)
            {
                joined.Add("--run=" + args[++i]);
            }
            else
            {
                joined.Add(args[i]);
            }
        }

        return joined.ToArray();
    }

    private static int Report(Exception exception, TextWriter error)
    {
        var inner = exception is CommandRuntimeException { InnerException: { } cause } ? cause : exception;
        switch (inner)
        {
            case UsageException usage:
                error.WriteLine($"error: {usage.Message}");
                return UsageExitCode;
            case InvalidOptionException option:
                error.WriteLine($"error: --{option.Option}: {option.Message}");
                return UsageExitCode;
            case CommandParseException or CommandRuntimeException:
                error.WriteLine($"error: {OneLine(inner.Message)} (see losslandscape --help)");
                return UsageExitCode;
            case OperationCanceledException:
                error.WriteLine("error: cancelled");
                return FailureExitCode;
            default:
                error.WriteLine($"error: {OneLine(inner.Message)}");
                return FailureExitCode;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
