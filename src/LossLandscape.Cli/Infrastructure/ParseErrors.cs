using System.CommandLine;
using System.CommandLine.Parsing;

namespace LossLandscape.Cli.Infrastructure;

/// <summary>Turns the parser's first error into one line that names the option (or word) and what to do.</summary>
internal static class ParseErrors
{
    /// <summary>The line for <paramref name="parseResult"/>'s first error, without the <c>error: </c> prefix.</summary>
    public static string Describe(ParseResult parseResult)
    {
        var command = CommandPath(parseResult.CommandResult);
        var help = $"(see {command} --help)";
        foreach (var error in parseResult.Errors)
        {
            if (OptionOf(error.SymbolResult) is { } option)
            {
                var name = option.Option.Name;
                if (option.IdentifierTokenCount > 1 && option.Option.Arity.MaximumNumberOfValues == 1)
                {
                    return $"{name}: given {option.IdentifierTokenCount} times; give it once";
                }

                if (option.Tokens.Count == 0 && option.Option.Arity.MinimumNumberOfValues > 0)
                {
                    return $"{name}: needs a value {help}";
                }

                return $"{name}: {OneLine(error.Message)} {help}";
            }
        }

        if (parseResult.UnmatchedTokens is [var first, ..])
        {
            if (first.StartsWith('-'))
            {
                var name = first.Split('=', 2)[0];
                return $"{name}: is not an option of {command} {help}";
            }

            return parseResult.CommandResult.Command is RootCommand
                ? $"'{first}' is not a command; use run, compare or serve {help}"
                : $"'{first}' is not expected here; option values follow their option, e.g. --epochs 50 {help}";
        }

        return $"{OneLine(parseResult.Errors[0].Message)} {help}";
    }

    /// <summary>
    /// The line for a value option whose value is another option of the command (<c>--out --epochs 3</c>): the parser
    /// takes the next word as the value whatever it is, but an option name is never meant as one. Null when there is none.
    /// </summary>
    public static string? ValueThatIsAnOption(ParseResult parseResult)
    {
        var command = parseResult.CommandResult;
        var names = command.Command.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var option in command.Children.OfType<OptionResult>())
        {
            if (option.Option.Arity.MaximumNumberOfValues == 1 && option.Tokens.Any(t => names.Contains(t.Value.Split('=', 2)[0])))
            {
                return $"{option.Option.Name}: needs a value (see {CommandPath(command)} --help)";
            }
        }

        return null;
    }

    /// <summary>
    /// The line for a repeatable option left without its value at the end (<c>--run A --run</c>), which the parser
    /// takes as the one occurrence that has a value; null when there is none.
    /// </summary>
    public static string? TrailingOptionWithoutValue(ParseResult parseResult)
    {
        if (parseResult.Tokens is [.., { Type: TokenType.Option } last] && parseResult.GetResult(last.Value) is OptionResult { Option.Arity.MinimumNumberOfValues: > 0 } option)
        {
            return $"{option.Option.Name}: needs a value (see {CommandPath(parseResult.CommandResult)} --help)";
        }

        return null;
    }

    private static OptionResult? OptionOf(SymbolResult? result)
    {
        for (var r = result; r is not null; r = r.Parent)
        {
            if (r is OptionResult option)
            {
                return option;
            }
        }

        return null;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult { Command: var c })
            {
                names.Insert(0, c is RootCommand ? "losslandscape" : c.Name);
            }
        }

        return string.Join(' ', names);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
