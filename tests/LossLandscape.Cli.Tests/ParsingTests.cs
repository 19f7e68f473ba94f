using System.Text.Json;
using LossLandscape.Cli.Commands;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Options;

namespace LossLandscape.Cli.Tests;

/// <summary>The command line itself: missing and repeated values, unknown options, negative values, help.</summary>
public sealed class ParsingTests
{
    public static TheoryData<string[], string> MissingValues() => new()
    {
        { ["run", "--out"], "error: --out: needs a value (see losslandscape run --help)" },
        { ["run", "-o"], "error: --out: needs a value (see losslandscape run --help)" },
        { ["run", "--epochs", "0", "--out"], "error: --out: needs a value (see losslandscape run --help)" },
        { ["run", "--optimizer"], "error: --optimizer: needs a value (see losslandscape run --help)" },
        { ["run", "--optimizer", "--epochs", "0"], "error: --optimizer: needs a value (see losslandscape run --help)" },
        { ["run", "--out", "--epochs", "0"], "error: --out: needs a value (see losslandscape run --help)" },
        { ["run", "--out", "-o", "x"], "error: --out: needs a value (see losslandscape run --help)" },
        { ["run", "--browser", "--png"], "error: --browser: needs a value (see losslandscape run --help)" },
        { ["run", "--schedule"], "error: --schedule: needs a value (see losslandscape run --help)" },
        { ["run", "--record"], "error: --record: needs a value (see losslandscape run --help)" },
        { ["run", "--plotlyjs"], "error: --plotlyjs: needs a value (see losslandscape run --help)" },
        { ["run", "--w1"], "error: --w1: needs a value (see losslandscape run --help)" },
        { ["run", "--init"], "error: --init: needs a value (see losslandscape run --help)" },
        { ["run", "--lr"], "error: --lr: needs a value (see losslandscape run --help)" },
        { ["run", "--samples"], "error: --samples: needs a value (see losslandscape run --help)" },
        { ["run", "--png", "--browser"], "error: --browser: needs a value (see losslandscape run --help)" },
        { ["compare", "--run"], "error: --run: needs a value (see losslandscape compare --help)" },
        { ["compare", "--run", "adam", "--run"], "error: --run: needs a value (see losslandscape compare --help)" },
        { ["compare", "--epochs"], "error: --epochs: needs a value (see losslandscape compare --help)" },
    };

    [Theory]
    [MemberData(nameof(MissingValues))]
    public void AnOptionWithoutItsValueGetsOneLineNamingIt(string[] args, string line) => AssertRefused(args, line);

    public static TheoryData<string[], string> Repeated() => new()
    {
        { ["run", "--lr", "0.1", "--lr", "0.2"], "error: --lr: given 2 times; give it once" },
        { ["run", "--epochs", "1", "--samples", "100", "--epochs", "2"], "error: --epochs: given 2 times; give it once" },
        { ["run", "--init", "-1,-1", "--init", "1,1", "--init", "0,0"], "error: --init: given 3 times; give it once" },
        { ["run", "--out", "a", "-o", "b"], "error: --out: given 2 times; give it once" },
        { ["compare", "--optimizer", "adam", "--optimizer", "sgd"], "error: --optimizer: given 2 times; give it once" },
    };

    [Theory]
    [MemberData(nameof(Repeated))]
    public void ARepeatedSingleValuedOptionGetsOneLineNamingIt(string[] args, string line) => AssertRefused(args, line);

    public static TheoryData<string[], string> Unknown() => new()
    {
        { ["run", "--bogus", "1"], "error: --bogus: is not an option of losslandscape run (see losslandscape run --help)" },
        { ["run", "--run", "adam"], "error: --run: is not an option of losslandscape run (see losslandscape run --help)" },
        { ["compare", "--bogus=1"], "error: --bogus: is not an option of losslandscape compare (see losslandscape compare --help)" },
        { ["run", "--epochs", "1", "2"], "error: '2' is not expected here; option values follow their option, e.g. --epochs 50 (see losslandscape run --help)" },
        { ["run", "--png=yes"], "error: 'yes' is not expected here; option values follow their option, e.g. --epochs 50 (see losslandscape run --help)" },
        { ["draw"], "error: 'draw' is not a command; use run, compare or serve (see losslandscape --help)" },
    };

    [Theory]
    [MemberData(nameof(Unknown))]
    public void UnknownOptionsAndWordsStayErrors(string[] args, string line) => AssertRefused(args, line);

    [Fact]
    public void NegativeValuesAndDashedRunValuesParse()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run("compare", "--run", "--lr 0.1", "--run", "adam --lr=0.05", "--init", "-1,-1", "--w1", "-3:1:0.1", "--x-mean", "-0.5", "--samples", "300", "--epochs", "1", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));
        // A label that starts with '-' could start a spreadsheet formula, so trajectories.csv guards it with an
        // apostrophe inside a quoted cell (the test's reader keeps the quotes).
        Assert.Equal(["\"'--lr 0.1\"", "adam --lr=0.05"], rows.Select(r => r["run"]).Distinct());
        Assert.All(rows.Where(r => r["step"] == "0"), r => Assert.Equal(("-1", "-1"), (r["w1"], r["w2"])));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal("-3:1:0.1", manifest.RootElement.GetProperty("options").GetProperty("w1").GetString());
        Assert.Equal("-0.5", manifest.RootElement.GetProperty("options").GetProperty("x-mean").GetString());
    }

    [Fact]
    public void NoCommandPrintsHelpAndExitsZero()
    {
        var (exit, output, error) = CliRunner.Run();
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+run\s+Draw the data", output);
        Assert.Matches(@"(?m)^\s+compare\s+Race optimizers", output);
    }

    [Fact]
    public void HelpListsEveryOptionWithItsValueNameAndDefault()
    {
        var (exit, output, _) = CliRunner.Run("run", "--help");
        Assert.Equal(0, exit);
        foreach (var option in OptionCatalogue.For(OptionCommands.Run))
        {
            var shown = option.ValueName is null ? option.LongName : $"{option.LongName} <{option.ValueName}>";
            Assert.Contains(shown, output, StringComparison.Ordinal);
        }

        Assert.Matches(@"--samples <N>\s+Number of synthetic points, 2 to 10000000\s+\(default: 10000\)", output);
        Assert.Matches(@"-o, --out <DIR>\s+Output directory, created if missing \(default:\s+landscape-out\)", output);
        Assert.Contains("Usage:\n  losslandscape run [options]", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Matches(@"\(default:\s+compare-out\)", CliRunner.Run("compare", "--help").Out);
        Assert.DoesNotContain("[default:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunJsonRecordsEveryOptionOfTheCommand()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run("run", "--samples", "200", "--epochs", "0", "--lr", "0.5", "--no-shuffle", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var options = manifest.RootElement.GetProperty("options");
        Assert.Equal(OptionCatalogue.For(OptionCommands.Run).Select(o => o.Name).Order(StringComparer.Ordinal), options.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0.5", options.GetProperty("lr").GetString());
        Assert.True(options.GetProperty("no-shuffle").GetBoolean());
        Assert.False(options.GetProperty("png").GetBoolean());
        Assert.Equal(JsonValueKind.Null, options.GetProperty("momentum").ValueKind);
        Assert.Equal("200", options.GetProperty("samples").GetString());
        Assert.Equal("42", options.GetProperty("seed").GetString());
    }

    [Fact]
    public void SharedOptionNamesAreEveryCompareOptionThatIsNotPerRun()
    {
        var expected = OptionCatalogue.For(OptionCommands.Compare).Where(o => !o.PerRun).Select(o => o.Name).ToHashSet();
        Assert.Equal(expected, RunSpec.SharedOptionNames);
        Assert.Contains("png", RunSpec.SharedOptionNames);
        Assert.Contains("out", RunSpec.SharedOptionNames);
        Assert.Contains("run", RunSpec.SharedOptionNames);
        Assert.DoesNotContain("lr", RunSpec.SharedOptionNames);

        // Every per-run option is accepted in --run: a value option without its value says so, a flag is set.
        foreach (var option in OptionCatalogue.PerRun)
        {
            if (option.Kind == OptionKind.Flag)
            {
                var copy = new CompareSettings();
                copy.Values.Set(option.Name, true);
                Assert.True(copy.Values.Flag(option.Name));
                continue;
            }

            var e = Assert.Throws<UsageException>(() => RunSpec.Parse($"sgd --{option.Name}", new CompareSettings()));
            Assert.Equal($"--run \"sgd --{option.Name}\": --{option.Name} needs a value", e.Message);
        }
    }

    [Theory]
    [InlineData("adam --png", "error: --run \"adam --png\": --png is not a per-run option; give it once, outside --run, for the whole comparison")]
    [InlineData("adam --out x", "error: --run \"adam --out x\": --out is not a per-run option; give it once, outside --run, for the whole comparison")]
    [InlineData("adam --run sgd", "error: --run \"adam --run sgd\": --run is not a per-run option; give it once, outside --run, for the whole comparison")]
    public void SharedOptionsInsideRunAreNamedAsSuch(string spec, string line) => AssertRefused(["compare", "--run", spec], line);

    [Fact]
    public void AnUnknownOptionInsideRunListsThePerRunOptions()
    {
        var (exit, _, error) = CliRunner.Run("compare", "--run", "adam --bogus 1", "--out", CliRunner.NewDirectoryPath());
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --run \"adam --bogus 1\": --bogus is not an option of compare; the per-run options are --optimizer, --lr, --momentum,", error, StringComparison.Ordinal);
        Assert.EndsWith("--t-max, --eta-min", error.TrimEnd(), StringComparison.Ordinal);
    }

    /// <summary>Exit code 2, exactly <paramref name="line"/> on standard error, nothing on standard output, and no folder made.</summary>
    private static void AssertRefused(string[] args, string line)
    {
        var cwd = Directory.GetCurrentDirectory();
        var before = Directory.GetFileSystemEntries(cwd).Order(StringComparer.Ordinal).ToArray();
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal(line, error.TrimEnd('\n'));
        Assert.Empty(output);
        Assert.Equal(before, Directory.GetFileSystemEntries(cwd).Order(StringComparer.Ordinal));
    }
}
