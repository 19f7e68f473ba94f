using LossLandscape.Cli;
using Spectre.Console;

namespace LossLandscape.Cli.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    /// <summary>Runs <paramref name="args"/> with a plain (non-interactive, no ANSI) console; the exit code and both streams.</summary>
    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
        });
        var exit = CliApp.Run(args, console, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A fresh path under the temp directory that does not exist yet (the command creates it).</summary>
    public static string NewDirectoryPath() =>
        Path.Combine(Path.GetTempPath(), "losslandscape-tests", Guid.NewGuid().ToString("N"));

    /// <summary>A fresh, existing, empty directory under the temp directory.</summary>
    public static string TempDirectory()
    {
        var path = NewDirectoryPath();
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Rows of a CSV file without quoted fields, as dictionaries keyed by the header.</summary>
    public static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }
}
