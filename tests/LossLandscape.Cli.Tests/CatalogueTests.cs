using System.Text.Json;
using System.Text.Json.Nodes;
using LossLandscape.Cli.Infrastructure;
using LossLandscape.Options;

namespace LossLandscape.Cli.Tests;

/// <summary>
/// The option catalogue walked end to end: every option of run and compare is in its command's help under its
/// group's heading and in run.json, and run.json read back by --config gives the same options.
/// </summary>
public sealed class CatalogueTests
{
    private static readonly string[] SmallRun = ["--samples", "200", "--epochs", "2", "--w1", "-2:1:0.25", "--w2", "-2:1:0.25", "--plotlyjs", "cdn"];

    [Theory]
    [InlineData("run", OptionCommands.Run)]
    [InlineData("compare", OptionCommands.Compare)]
    public void EveryOptionIsInTheHelpUnderItsGroupsHeading(string command, OptionCommands which)
    {
        var (exit, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, exit);
        var sections = Sections(output);
        foreach (var option in OptionCatalogue.For(which))
        {
            var heading = OptionGroups.Heading(option.Group);
            Assert.True(sections.ContainsKey(heading), $"{command} --help has no heading {heading}");
            Assert.Contains(sections[heading], line => line.StartsWith("  " + OptionHelp.Label(option), StringComparison.Ordinal));
        }

        // Every group heading that has options is there, in the catalogue's order, and nothing else is listed.
        var groups = OptionCatalogue.For(which).Select(o => OptionGroups.Heading(o.Group)).Distinct().ToArray();
        Assert.Equal(groups, sections.Keys.Where(k => groups.Contains(k)).ToArray());
        var listed = sections.Where(s => groups.Contains(s.Key)).SelectMany(s => s.Value).Count(l => l.StartsWith("  -", StringComparison.Ordinal));
        Assert.Equal(OptionCatalogue.For(which).Count + 1, listed);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(80)]
    [InlineData(132)]
    public void HelpWrapsToTheWidthWithoutBreakingWords(int width)
    {
        foreach (var which in new[] { OptionCommands.Run, OptionCommands.Compare })
        {
            var help = CliApp.CatalogueHelp(new System.CommandLine.Command(which == OptionCommands.Run ? "run" : "compare"), width)!;
            var options = help[help.IndexOf("\nData:\n", StringComparison.Ordinal)..].Split('\n');
            Assert.All(options, l => Assert.True(l.Length <= width || !l.Trim().Contains(' ', StringComparison.Ordinal), $"'{l}' is wider than {width}"));

            // No word is split: every word of every description is found whole in the help.
            var words = help.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            foreach (var option in OptionCatalogue.For(which))
            {
                Assert.All(OptionHelp.Description(option, which).Split(' ', StringSplitOptions.RemoveEmptyEntries), w => Assert.Contains(w, words));
            }

            // One way of writing defaults.
            Assert.DoesNotContain("[default", help, StringComparison.Ordinal);
            Assert.DoesNotContain("(default ", help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CompareHelpExamplesFitIn80Columns()
    {
        var (_, output, _) = CliRunner.Run("compare", "--help");
        var examples = output.Split("Examples:\n")[1].Split("\n\n")[0].Split('\n');
        Assert.True(examples.Length >= 2);
        Assert.All(examples, l => Assert.True(l.Length <= 80, l));
    }

    [Fact]
    public void RunJsonRecordsEveryOptionAndConfigReadsTheSameOptionsBack()
    {
        var first = CliRunner.NewDirectoryPath();
        string[] given = [.. SmallRun, "--optimizer", "rmsprop", "--lr", "0.005", "--rmsprop-alpha", "0.9", "--centered", "--x-std", "3", "--record", "steps", "--log-loss", "--no-animation", "--curvature", "every"];
        var (exit, _, error) = CliRunner.Run(["run", .. given, "--out", first]);
        Assert.True(exit == 0, error);
        var recorded = Options(first);
        Assert.Equal(OptionCatalogue.For(OptionCommands.Run).Select(o => o.Name).Order(StringComparer.Ordinal), recorded.Select(p => p.Key));
        Assert.Equal("0.9", recorded["rmsprop-alpha"]!.GetValue<string>());
        Assert.True(recorded["centered"]!.GetValue<bool>());

        var second = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run("run", "--config", Path.Combine(first, "run.json"), "--out", second);
        Assert.True(exit == 0, error);
        AssertSameOptions(recorded, Options(second));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "weights.npy")), File.ReadAllBytes(Path.Combine(second, "weights.npy")));
    }

    [Fact]
    public void CompareRunJsonRecordsEveryOptionAndConfigReadsTheSameOptionsBack()
    {
        var first = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["compare", .. SmallRun, "--run", "sgd --lr 0.05 --momentum 0.9", "--run", "adam --lr 0.02 label=quick", "--no-shuffle", "--width", "640", "--out", first]);
        Assert.True(exit == 0, error);
        var recorded = Options(first);
        Assert.Equal(OptionCatalogue.For(OptionCommands.Compare).Select(o => o.Name).Order(StringComparer.Ordinal), recorded.Select(p => p.Key));
        Assert.Equal(2, recorded["run"]!.AsArray().Count);

        var second = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run("compare", "--config", Path.Combine(first, "run.json"), "--out", second);
        Assert.True(exit == 0, error);
        AssertSameOptions(recorded, Options(second));
        Assert.Equal(File.ReadAllText(Path.Combine(first, "trajectories.csv")), File.ReadAllText(Path.Combine(second, "trajectories.csv")));

        // An option beside --config overrides the file's; a run.json of the other command is refused.
        var third = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run("compare", "--config", Path.Combine(first, "run.json"), "--epochs", "1", "--out", third);
        Assert.True(exit == 0, error);
        Assert.Equal("1", Options(third)["epochs"]!.GetValue<string>());
        Assert.Equal("640", Options(third)["width"]!.GetValue<string>());
        (exit, _, error) = CliRunner.Run("run", "--config", Path.Combine(first, "run.json"), "--out", CliRunner.NewDirectoryPath());
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --config: ", error, StringComparison.Ordinal);
        Assert.Contains("is not the run.json of a run", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativePathsInRunJsonAreReadAgainstItsFolder()
    {
        // A run folder moved elsewhere with its data beside run.json: --config finds the data from any directory.
        var first = CliRunner.NewDirectoryPath();
        var data = Path.Combine(CliRunner.TempDirectory(), "points.csv");
        File.WriteAllText(data, "x,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i * 0.1},{Math.Sin(i * 0.1)}\n")));
        var (exit, _, error) = CliRunner.Run(["run", "--data", data, "--epochs", "2", "--plotlyjs", "cdn", "--out", first]);
        Assert.True(exit == 0, error);

        var moved = CliRunner.TempDirectory();
        File.Copy(data, Path.Combine(moved, "points.csv"));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(first, "run.json")))!;
        manifest["options"]!["data"] = "points.csv";
        File.WriteAllText(Path.Combine(moved, "run.json"), manifest.ToJsonString());
        var second = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run("run", "--config", Path.Combine(moved, "run.json"), "--out", second);
        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "weights.npy")), File.ReadAllBytes(Path.Combine(second, "weights.npy")));

        // run.json writes a relative input path relative to the run folder.
        var option = OptionCatalogue.Get("data");
        Assert.Equal(Path.Combine(moved, "points.csv"), LossLandscape.Cli.Commands.RunConfig.Resolve(option, "points.csv", moved));
        Assert.Equal("/abs/points.csv", LossLandscape.Cli.Commands.RunConfig.Resolve(option, "/abs/points.csv", moved));
        Assert.Equal("final", LossLandscape.Cli.Commands.RunConfig.Resolve(OptionCatalogue.Get("center"), "final", moved));
        Assert.Equal($"points:0,{moved}/w.npy,5", LossLandscape.Cli.Commands.RunConfig.Resolve(OptionCatalogue.Get("plane"), "points:0,w.npy,5", moved));
    }

    public static TheoryData<string[], string> Retired() => new()
    {
        { ["run", "--alpha", "0.9"], "error: --alpha: has two meanings and is retired; for RMSprop's smoothing constant use --rmsprop-alpha" },
        { ["run", "--plane", "line", "--alpha", "-0.5:1.5:0.25"], "error: --alpha: has two meanings and is retired; for the line's range START:STOP:STEP use --alpha-range" },
        { ["compare", "--alpha", "0:1:0.5"], "error: --alpha: has two meanings and is retired; for the line's range START:STOP:STEP use --alpha-range" },
        { ["compare", "--run", "rmsprop --alpha 0.9"], "error: --run \"rmsprop --alpha 0.9\": --alpha: has two meanings and is retired; for RMSprop's smoothing constant use --rmsprop-alpha" },
    };

    [Theory]
    [MemberData(nameof(Retired))]
    public void TheRetiredAlphaSaysWhichNewNameToUse(string[] args, string line)
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run([.. args, "--out", dir]);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Equal(line, error.TrimEnd('\n'));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void RmspropAlphaSetsTheSmoothingConstantAndTheLineRangeIsItsOwnOption()
    {
        var settings = new LossLandscape.Cli.Commands.RunSettings();
        settings.Values.Set("optimizer", "rmsprop");
        settings.Values.Set("rmsprop-alpha", "0.8");
        Assert.Equal(0.8, settings.ToOptimizerSettings().Alpha);
        settings.Values.Set("rmsprop-alpha", "1.5");
        var e = Assert.Throws<UsageException>(settings.ToOptimizerSettings);
        Assert.StartsWith("--rmsprop-alpha: ", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The help's lines under each heading (a line without indent that ends in a colon).</summary>
    private static Dictionary<string, List<string>> Sections(string help)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in help.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Length > 1 && line[0] != ' ' && line.EndsWith(':'))
            {
                current = [];
                sections[line[..^1]] = current;
            }
            else
            {
                current?.Add(line);
            }
        }

        return sections;
    }

    private static JsonObject Options(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run.json")))!["options"]!.AsObject();

    /// <summary>The same options apart from the output folder (each run's own) and --config (a rerun records the options, not the file).</summary>
    private static void AssertSameOptions(JsonObject expected, JsonObject actual)
    {
        foreach (var (name, value) in expected)
        {
            if (name is "out" or "config")
            {
                continue;
            }

            Assert.True(JsonNode.DeepEquals(value, actual[name]), $"--{name}: {value?.ToJsonString()} then {actual[name]?.ToJsonString()}");
        }

        Assert.Equal(expected.Count, actual.Count);
    }
}
