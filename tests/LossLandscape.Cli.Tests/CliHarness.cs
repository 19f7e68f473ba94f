using Spectre.Console;

namespace LossLandscape.Cli.Tests;

/// <summary>Runs the command line in memory with a plain (non-interactive, no ANSI) console.</summary>
internal static class CliHarness
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var exit = CliApp.Run(args, console, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "losslandscape-tests", Guid.NewGuid().ToString("N"));
        return path;
    }
}
