using System.Globalization;
using System.Text.Json;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

public sealed class TrainingOptionTests
{
    public static TheoryData<string, string> BadCombinations() => new()
    {
        { "--nesterov", "error: --nesterov: needs --momentum > 0" },
        { "--momentum 0.9 --dampening 0.5 --nesterov", "error: --nesterov: needs --dampening 0" },
        { "--optimizer adam --beta1 1", "error: --beta1: must be >= 0 and < 1 (got 1)" },
        { "--amsgrad", "error: --amsgrad: is not used by --optimizer sgd (it applies to adam and adamw)" },
        { "--schedule step --step-size 2 --gamma -0.5", "error: --gamma: must be a finite number > 0 (got -0.5)" },
        { "--optimizer adam --momentum 0.9", "error: --momentum: is not used by --optimizer adam (it applies to sgd and rmsprop)" },
        { "--optimizer rmsprop --beta2 0.9", "error: --beta2: is not used by --optimizer rmsprop (it applies to adam and adamw)" },
        { "--gamma 0.5", "error: --gamma: is not used by --schedule constant (it applies to --schedule step and exponential)" },
        { "--schedule cosine --step-size 3", "error: --step-size: is not used by --schedule cosine (it applies to --schedule step)" },
        { "--optimizer lbfgs", "error: --optimizer: 'lbfgs' is not allowed; use one of sgd|adam|adamw|rmsprop|adagrad" },
        { "--schedule linear", "error: --schedule: 'linear' is not allowed; use one of constant|step|exponential|cosine" },
        { "--optimizer adagrad --lr-decay abc", "error: --lr-decay: 'abc' is not a finite number" },
        { "--lr 0", "error: --lr: must be a finite number > 0 (got 0)" },
    };

    [Theory]
    [MemberData(nameof(BadCombinations))]
    public void BadCombinationsGetOneLineAndExitCode2(string options, string line)
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run(["run", .. options.Split(' '), "--out", dir]);
        Assert.Equal(2, exit);
        Assert.Equal(line, error.TrimEnd('\n'));
        Assert.Empty(output);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void RunWithAStepScheduleMatchesPyTorchAndWritesTheRateInForce()
    {
        // shared/reference/optimizers.json, case sgd-steplr: SGD lr 0.05 with StepLR(step_size=2, gamma=0.5).
        var reference = Reference.Optimizers.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "sgd-steplr");
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("run", "--lr", "0.05", "--schedule", "step", "--step-size", "2", "--gamma", "0.5", "--no-shuffle", "--epochs", "5", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectory.csv"));
        var records = reference.GetProperty("records").EnumerateArray().Select(Reference.Doubles).ToArray();
        var rates = Reference.Doubles(reference.GetProperty("lrs"));
        Assert.Equal(records.Length, rows.Count);
        for (var e = 0; e < records.Length; e++)
        {
            Assert.True(Math.Abs(records[e][0] - Number(rows[e]["w1"])) <= 1e-4, $"w1 after epoch {e}");
            Assert.True(Math.Abs(records[e][1] - Number(rows[e]["w2"])) <= 1e-4, $"w2 after epoch {e}");
            var expectedRate = rates[Math.Max(e - 1, 0)];
            Assert.Equal(expectedRate, Number(rows[e]["lr"]), 12);
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var training = manifest.RootElement.GetProperty("resolved").GetProperty("training");
        Assert.Equal("sgd", training.GetProperty("optimizer").GetString());
        Assert.Equal("step", training.GetProperty("schedule").GetString());
        Assert.Equal(2, training.GetProperty("step-size").GetInt32());
        Assert.Equal(0.5, training.GetProperty("gamma").GetDouble());
    }

    [Fact]
    public void AdamWithoutLrUsesPyTorchsDefaultRate()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("run", "--optimizer", "adam", "--epochs", "1", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.All(CliRunner.Csv(Path.Combine(dir, "trajectory.csv")), row => Assert.Equal(0.001, Number(row["lr"])));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
