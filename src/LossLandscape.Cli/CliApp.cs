using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using LossLandscape.Cli.Commands;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Options;
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

        // run's and compare's help come from the option catalogue, grouped and wrapped to the terminal.
        if (parseResult.Action is HelpAction && CatalogueHelp(parseResult.CommandResult.Command, HelpWidth(console)) is { } catalogueHelp)
        {
            output.Write(catalogueHelp);
            return 0;
        }

        // Other help (asked for, or no command given) is written through ToolHelp, which names the command the user types.
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

    /// <summary>What <c>run</c> does.</summary>
    private const string RunDescription = "Draw the data, train, compute the loss surface and write the figure and data files.";

    /// <summary>What <c>compare</c> does.</summary>
    private const string CompareDescription = "Race optimizers from the same start, on the same data and batches, on one loss surface.";

    /// <summary>The examples of <c>run</c>'s help, each line within 80 columns.</summary>
    private static readonly string[] RunExamples =
    [
        "losslandscape run",
        "losslandscape run --lr 0.05 --epochs 50 --out fast-lr",
        "losslandscape run --init -1,-1 --w1 -3:1:0.05",
        "losslandscape run --config landscape-out/run.json --lr 0.1 --out faster",
    ];

    /// <summary>The examples of <c>compare</c>'s help, each line within 80 columns (a long one continued with \\).</summary>
    private static readonly string[] CompareExamples =
    [
        "losslandscape compare",
        "losslandscape compare --run \"sgd --lr 0.01 --momentum 0.9\" \\",
        "    --run \"adam --lr 0.05 label=fast-adam\" --epochs 50",
        "losslandscape compare --config compare-out/run.json --epochs 50 --out longer",
    ];

    /// <summary>The command tree: <c>run</c> and <c>compare</c>, each with the options the catalogue gives it.</summary>
    internal static RootCommand Build(Func<IAnsiConsole> console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Loss surfaces of a small neural network and the paths optimizers take across them, as interactive figures.");
        root.SetAction(parseResult => new HelpAction().Invoke(parseResult));

        var run = Command(
            "run",
            OptionCommands.Run,
            RunDescription,
            () => new RunSettings(),
            (settings, _) => new RunCommand(console()).Execute(settings, cancellationToken));
        var compare = Command(
            "compare",
            OptionCommands.Compare,
            CompareDescription,
            () => new CompareSettings(),
            (settings, _) => new CompareCommand(console()).Execute(settings, cancellationToken));
        root.Subcommands.Add(run);
        root.Subcommands.Add(compare);
        root.Subcommands.Add(ServeCommand.Create(() => console().Profile.Out.Writer, () => Console.Error, cancellationToken));
        return root;
    }

    /// <summary>The help of <c>run</c> or <c>compare</c> from the catalogue, <paramref name="width"/> columns wide; null for another command.</summary>
    internal static string? CatalogueHelp(Command command, int width) => command.Name switch
    {
        "run" => OptionHelp.Write("run", OptionCommands.Run, RunDescription, RunExamples, width),
        "compare" => OptionHelp.Write("compare", OptionCommands.Compare, CompareDescription, CompareExamples, width),
        _ => null,
    };

    /// <summary>
    /// A command offering the catalogue's options of <paramref name="which"/>; its action stores the values given in
    /// fresh settings and calls <paramref name="execute"/>. A retired option name is refused with its replacement.
    /// </summary>
    private static Command Command<TSettings>(string name, OptionCommands which, string description, Func<TSettings> create, Func<TSettings, ParseResult, int> execute)
        where TSettings : RunSettings
    {
        var command = new Command(name, description);
        var bound = new List<(OptionDefinition Definition, Option Option)>();
        foreach (var definition in OptionCatalogue.For(which))
        {
            var option = CliOption(definition);
            command.Options.Add(option);
            bound.Add((definition, option));
        }

        var retired = OptionCatalogue.Retired.Select(r => (Retired: r, Option: new Option<string>("--" + r.Name) { Hidden = true, Arity = ArgumentArity.ZeroOrOne })).ToArray();
        foreach (var (_, option) in retired)
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            foreach (var (old, option) in retired)
            {
                if (parseResult.GetResult(option) is { Implicit: false })
                {
                    throw new UsageException($"--{old.Name}: {old.Message(parseResult.GetValue(option))}");
                }
            }

            var settings = create();
            foreach (var (definition, option) in bound)
            {
                if (parseResult.GetResult(option) is { Implicit: false })
                {
                    settings.Values.Set(definition.Name, definition.Kind switch
                    {
                        OptionKind.Flag => true,
                        OptionKind.List => parseResult.GetValue((Option<string[]>)option),
                        _ => parseResult.GetValue((Option<string>)option),
                    });
                }
            }

            return execute(settings, parseResult);
        });
        return command;
    }

    /// <summary>The parser's option for one definition (its help comes from <see cref="OptionHelp"/>).</summary>
    private static Option CliOption(OptionDefinition definition)
    {
        string[] aliases = definition.Alias is null ? [] : [definition.Alias];
        var description = OptionHelp.Description(definition, definition.OfferedBy(OptionCommands.Run) ? OptionCommands.Run : OptionCommands.Compare);
        return definition.Kind switch
        {
            OptionKind.Flag => new Option<bool>(definition.LongName, aliases) { Description = description, Arity = ArgumentArity.Zero },
            OptionKind.List => new Option<string[]>(definition.LongName, aliases)
            {
                Description = description,
                HelpName = definition.ValueName,
                Arity = ArgumentArity.OneOrMore,
                AllowMultipleArgumentsPerToken = false,
            },
            _ => new Option<string>(definition.LongName, aliases) { Description = description, HelpName = definition.ValueName, Arity = ArgumentArity.ExactlyOne },
        };
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

    /// <summary>The terminal's width, or 80 when the output is not a terminal.</summary>
    private static int HelpWidth(IAnsiConsole? console)
    {
        if (console is not null)
        {
            return console.Profile.Width;
        }

        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? OptionHelp.DefaultWidth : Console.WindowWidth;
        }
        catch (IOException)
        {
            return OptionHelp.DefaultWidth;
        }
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
