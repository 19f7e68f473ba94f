using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using LossLandscape.Cli.Commands;
using LossLandscape.Cli.Infrastructure;
using Spectre.Console;

namespace LossLandscape.Cli;

/// <summary>Builds and runs the <c>losslandscape</c> command line.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Exit code for a failure that is not the user's input.</summary>
    public const int FailureExitCode = 1;

    /// <summary>
    /// Runs the command line with <paramref name="args"/>: output goes to <paramref name="console"/>, errors to
    /// <paramref name="error"/> as one line; <paramref name="cancellationToken"/> stops a running command.
    /// </summary>
    public static int Run(string[] args, IAnsiConsole? console = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        error ??= Console.Error;
        var output = console?.Profile.Out.Writer ?? Console.Out;
        var root = Build(() => console ?? AnsiConsole.Console, cancellationToken);

        // Arguments are taken literally: no response files (@file), so a value may start with '@'.
        var parseResult = root.Parse(JoinRunValues(args), new ParserConfiguration { ResponseFileTokenReplacer = null });
        var line = ParseErrors.ValueThatIsAnOption(parseResult)
            ?? (parseResult.Action is ParseErrorAction ? ParseErrors.Describe(parseResult) : ParseErrors.TrailingOptionWithoutValue(parseResult));
        if (line is not null)
        {
            error.WriteLine($"error: {line}");
            return UsageExitCode;
        }

        // Help (asked for, or no command given) is written through ToolHelp, which names the command the user types.
        var help = parseResult.Action is HelpAction || parseResult.CommandResult.Command is RootCommand ? new StringWriter() : null;
        try
        {
            var exit = parseResult.Invoke(new InvocationConfiguration
            {
                Output = help ?? output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
            if (help is not null)
            {
                output.Write(ToolHelp.Rename(help.ToString()));
            }

            return exit;
        }
        catch (Exception exception)
        {
            return Report(exception, error);
        }
    }

    /// <summary>The command tree: <c>run</c> and <c>compare</c>, each with the options their settings define.</summary>
    internal static RootCommand Build(Func<IAnsiConsole> console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Loss surfaces of a small neural network and the paths optimizers take across them, as interactive figures.");
        root.SetAction(parseResult => new HelpAction().Invoke(parseResult));

        var run = Command(
            "run",
            "Draw the data, train, compute the loss surface and write the figure and data files.",
            ["run", "run --lr 0.05 --epochs 50 --out fast-lr", "run --init -1,-1 --w1 -3:1:0.05"],
            new RunSettings(),
            (settings, _) => new RunCommand(console()).Execute(settings, cancellationToken));
        var compare = Command(
            "compare",
            "Race optimizers from the same start, on the same data and batches, on one loss surface.",
            ["compare", "compare --run \"sgd --lr 0.01 --momentum 0.9\" --run \"adam --lr 0.05 label=fast-adam\" --epochs 50"],
            new CompareSettings(),
            (settings, _) => new CompareCommand(console()).Execute(settings, cancellationToken));
        root.Subcommands.Add(run);
        root.Subcommands.Add(compare);
        root.Subcommands.Add(ServeCommand.Create(() => console().Profile.Out.Writer, () => Console.Error, cancellationToken));
        return root;
    }

    /// <summary>
    /// A command whose options come from <paramref name="defaults"/>' option definitions; its action binds the values
    /// given into fresh settings and calls <paramref name="execute"/>.
    /// </summary>
    private static Command Command<TSettings>(string name, string description, string[] examples, TSettings defaults, Func<TSettings, ParseResult, int> execute)
        where TSettings : TrainingSettings, new()
    {
        var command = new Command(name, description + Environment.NewLine + Environment.NewLine + "Examples:" + string.Concat(examples.Select(e => Environment.NewLine + "  losslandscape " + e)));
        var bound = new List<(SettingOption Setting, Option Option)>();
        foreach (var setting in defaults.Options)
        {
            var option = CliOption(setting, defaults);
            command.Options.Add(option);
            bound.Add((setting, option));
        }

        command.SetAction(parseResult =>
        {
            var settings = new TSettings();
            foreach (var (setting, option) in bound)
            {
                if (parseResult.GetResult(option) is { Implicit: false })
                {
                    setting.Set(settings, setting.Kind switch
                    {
                        SettingKind.Flag => true,
                        SettingKind.List => parseResult.GetValue((Option<string[]>)option),
                        _ => parseResult.GetValue((Option<string>)option),
                    });
                }
            }

            return execute(settings, parseResult);
        });
        return command;
    }

    /// <summary>The parser's option for one definition; its help shows the default a fresh settings object holds.</summary>
    private static Option CliOption(SettingOption setting, TrainingSettings defaults)
    {
        string[] aliases = [.. setting.Aliases];
        switch (setting.Kind)
        {
            case SettingKind.Flag:
                return new Option<bool>(setting.LongName, aliases) { Description = setting.Description, Arity = ArgumentArity.Zero };
            case SettingKind.List:
                return new Option<string[]>(setting.LongName, aliases)
                {
                    Description = setting.Description,
                    HelpName = setting.ValueName,
                    Arity = ArgumentArity.OneOrMore,
                    AllowMultipleArgumentsPerToken = false,
                };
            default:
                var option = new Option<string>(setting.LongName, aliases) { Description = setting.Description, HelpName = setting.ValueName, Arity = ArgumentArity.ExactlyOne };
                if (setting.ShowDefault && setting.Get(defaults) is string value)
                {
                    option.DefaultValueFactory = _ => value;
                }

                return option;
        }
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
        var inner = exception is AggregateException { InnerExceptions: [var single] } ? single : exception;
        if (SignalExit.IsStopping)
        {
            // A signal stopped the run (and the browser, whose end the command may report first): the handler prints
            // the one line and exits.
            Thread.Sleep(TimeSpan.FromSeconds(10));
            return FailureExitCode;
        }

        switch (inner)
        {
            case Plotting.Export.BrowserFailedException browser:
                error.WriteLine($"error: {SafeText.Terminal(OneLine(browser.Message))}; the output folder is left as it was before this run");
                return FailureExitCode;
            // What the user typed is echoed in messages: control characters in it are shown as escapes, not obeyed.
            case UsageException usage:
                error.WriteLine($"error: {SafeText.Terminal(LandscapeOutput.Flags(usage.Message))}");
                return UsageExitCode;
            case InvalidOptionException option:
                error.WriteLine($"error: {SafeText.Terminal(LandscapeOutput.Describe(option))}");
                return UsageExitCode;
            case OperationCanceledException:
                error.WriteLine("error: cancelled");
                return FailureExitCode;
            default:
                error.WriteLine($"error: {SafeText.Terminal(OneLine(LandscapeOutput.Flags(inner.Message)))}");
                return FailureExitCode;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
