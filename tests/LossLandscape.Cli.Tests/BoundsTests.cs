namespace LossLandscape.Cli.Tests;

/// <summary>
/// Values that would overflow or exhaust memory are refused up front: one line naming the option and its bound,
/// exit 2, nothing written; non-finite values and unbounded sizes among them.
/// </summary>
public sealed class BoundsTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["run", "--x-mean", "1e308"], "error: --x-mean: must be between -1e6 and 1e6 (got 1E+308)" },
        { ["run", "--x-std", "1e200"], "error: --x-std: must be > 0 and at most 1e6 (got 1E+200)" },
        { ["run", "--noise-std", "1e160"], "error: --noise-std: must be between 0 and 1e6 (got 1E+160)" },
        { ["run", "--w2", "1e300:1e301:1e300", "--no-extend"], "error: --w2: start and stop must be between -1e6 and 1e6 (got 1E+300:1E+301:1E+300)" },
        { ["run", "--init", "1e300,1e300", "--no-extend"], "error: --init: must be two numbers W1,W2 between -1e6 and 1e6 (got 1E+300,1E+300)" },
        { ["compare", "--run", "sgd --schedule cosine --eta-min 1e308"], "error: --run \"sgd --schedule cosine --eta-min 1e308\": --eta-min: must be between 0 and 1e6 (got 1E+308)" },
        { ["run", "--epochs", "2", "--schedule", "cosine", "--eta-min", "1e308"], "error: --eta-min: must be between 0 and 1e6 (got 1E+308)" },
        { ["run", "--lr", "1e7"], "error: --lr: must be > 0 and at most 1e6 (got 10000000)" },
        { ["run", "--optimizer", "sgd", "--momentum", "1e300"], "error: --momentum: must be between 0 and 1e6 (got 1E+300)" },
        { ["run", "--hidden", "2147483647"], "error: --hidden: must be between 1 and 10000 (got 2147483647)" },
        { ["run", "--samples", "2147483647"], "error: --samples: must be between 2 and 10000000 (got 2147483647)" },
        { ["run", "--hidden", "100000000"], "error: --hidden: must be between 1 and 10000 (got 100000000)" },
        { ["run", "--samples", "400000000"], "error: --samples: must be between 2 and 10000000 (got 400000000)" },
        { ["run", "--record", "steps", "--epochs", "3000"], "error: --record: steps records the start and every step: 3000 epochs × 250 steps + 1 = 750001 records; at most 100000 are allowed (at most 99999 steps): record epochs, or train fewer epochs or with larger batches" },
        { ["run", "--epochs", "100000"], "error: --epochs: must be at most 99999 (one record per epoch, at most 100000 records; got 100000)" },
        { ["run", "--hidden", "10000", "--epochs", "1000"], "error: --hidden: 10000 hidden units (20000 parameters) over 1001 records keep 20020000 numbers; at most 20000000 are allowed: fewer units, epochs or records" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void OverflowingAndOversizedValuesGetOneLineAndExit2WithNothingWritten(string[] args, string expected)
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run([.. args, "--out", dir]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal(expected, error.TrimEnd());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void TheBoundsAreNamedInHelp()
    {
        // Descriptions wrap inside their column: join the lines.
        var output = System.Text.RegularExpressions.Regex.Replace(CliRunner.Run("run", "--help").Out, @"\s+", " ");
        foreach (var text in new[] { "|mean| <= 1e6", "(0 to 1e6)", "1 to 10000", "2 to 10000000", "at most 100000 records", "between -1e6 and 1e6", "(> 0, <= 1e6) (default: PyTorch's" })
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AtTheLimitsOfTheDataOptionsEveryNumberWrittenIsFinite()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run(
            "run", "--out", dir, "--samples", "1000", "--epochs", "2", "--x-mean", "-1e6", "--x-std", "1e6", "--noise-std", "1e6",
            "--init", "1e6,-1e6", "--w1", "999990:1000000:1", "--w2", "-1000000:-999990:1", "--lr", "1e6", "--plotlyjs", "cdn");
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("not finite", output, StringComparison.Ordinal);
        foreach (var file in new[] { "surface.json", "trajectory.csv", "run.json", "analysis.json" })
        {
            var text = File.ReadAllText(Path.Combine(dir, file));
            Assert.DoesNotContain("Infinity", text, StringComparison.Ordinal);
            Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        }
    }
}
