using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LossLandscape.Cli.Tests;

public sealed class RunCommandTests
{
    private static readonly string[] Small = ["--samples", "1000", "--epochs", "3", "--w1", "-2:2:0.1", "--w2", "-2:2:0.1", "--plotlyjs", "cdn"];

    [Fact]
    public void RunWritesEveryOutputFileAndNoTemporary()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, error) = CliRunner.Run(["run", "--out", dir, .. Small]);
        Assert.True(exit == 0, error);
        foreach (var file in RunFiles)
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }

        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        Assert.EndsWith($"to {dir}", output.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
    }

    private static readonly string[] RunFiles =
        ["landscape.html", "contour.html", "analysis.json", "surface.json", "trajectory.csv", "data.csv", "run.json"];

    [Fact]
    public void FilesHaveTheContractedShape()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--init", "-1,-1", "--no-extend", .. Small]);
        Assert.True(exit == 0, error);

        var trajectory = File.ReadAllLines(Path.Combine(dir, "trajectory.csv"));
        Assert.Equal("epoch,step,w1,w2,test_loss,train_loss,lr,a,b,distance,surface_loss", trajectory[0]);
        Assert.Equal(1 + 4, trajectory.Length);
        Assert.StartsWith("0,0,-1,-1,", trajectory[1], StringComparison.Ordinal);

        var data = File.ReadAllLines(Path.Combine(dir, "data.csv"));
        Assert.Equal("index,x,y,split", data[0]);
        Assert.Equal(1001, data.Length);
        Assert.Equal(200, data.Count(l => l.EndsWith(",test", StringComparison.Ordinal)));
        Assert.Equal(800, data.Count(l => l.EndsWith(",train", StringComparison.Ordinal)));

        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var w1 = surface.RootElement.GetProperty("w1");
        var w2 = surface.RootElement.GetProperty("w2");
        var loss = surface.RootElement.GetProperty("loss");
        Assert.Equal(40, w1.GetArrayLength());
        Assert.Equal(w1.GetArrayLength(), loss.GetArrayLength());
        Assert.Equal(w2.GetArrayLength(), loss[0].GetArrayLength());

        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var options = run.RootElement.GetProperty("options");
        Assert.Equal("1000", options.GetProperty("samples").GetString());
        Assert.Equal("-1,-1", options.GetProperty("init").GetString());
        Assert.True(options.GetProperty("no-extend").GetBoolean());
        // --lr was not given (options hold what was given); the rate in force is the optimizer's default.
        Assert.Equal(JsonValueKind.Null, options.GetProperty("lr").ValueKind);
        Assert.Equal(0.01, run.RootElement.GetProperty("resolved").GetProperty("training").GetProperty("lr").GetDouble());
        Assert.False(string.IsNullOrEmpty(run.RootElement.GetProperty("version").GetString()));
        foreach (var stage in new[] { "data", "surface", "training", "writing" })
        {
            Assert.True(run.RootElement.GetProperty("seconds").GetProperty(stage).GetDouble() >= 0);
        }
    }

    [Fact]
    public void TrajectoryRowsMatchTheSurfaceAtTheirWeights()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--w1", "-2:2:0.5", "--w2", "-2:2:0.5", "--epochs", "0", "--init", "-1,-1", "--plotlyjs", "cdn"]);
        Assert.True(exit == 0, error);
        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var w1 = surface.RootElement.GetProperty("w1").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var w2 = surface.RootElement.GetProperty("w2").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var start = File.ReadAllLines(Path.Combine(dir, "trajectory.csv"))[1].Split(',');
        var loss = surface.RootElement.GetProperty("loss")[w1.IndexOf(-1)][w2.IndexOf(-1)].GetDouble();
        Assert.Equal(double.Parse(start[4], CultureInfo.InvariantCulture), loss, 1e-9 * loss);
    }

    [Fact]
    public void ExtendingTheGridSaysSoInOneLine()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, _) = CliRunner.Run(["run", "--out", dir, "--epochs", "25", "--plotlyjs", "cdn"]);
        Assert.Equal(0, exit);
        Assert.Single(output.Split('\n'), l => l.Contains("extended", StringComparison.Ordinal));
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.True(run.RootElement.GetProperty("resolved").GetProperty("grid_extended").GetBoolean());
    }

    [Fact]
    public void DirectoryModeWritesPlotlyBesideTheHtml()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--out", dir, "--samples", "500", "--epochs", "1", "--plotlyjs", "directory"]);
        Assert.True(exit == 0, error);
        Assert.True(new FileInfo(Path.Combine(dir, "plotly.min.js")).Length > 1_000_000);
        Assert.Contains("src=\"plotly.min.js\"", File.ReadAllText(Path.Combine(dir, "landscape.html")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--w1", "abc")]
    [InlineData("--w1", "0:1:0")]
    [InlineData("--w1", "0:1:-0.1")]
    [InlineData("--w2", "1:1:0.1")]
    [InlineData("--w2", "1:0:0.1")]
    [InlineData("--w1", "0:10000:0.001")]
    [InlineData("--lr", "0")]
    [InlineData("--lr", "-0.1")]
    [InlineData("--lr", "NaN")]
    [InlineData("--lr", "Infinity")]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch-size", "8001")]
    [InlineData("--test-fraction", "0")]
    [InlineData("--test-fraction", "1")]
    [InlineData("--test-fraction", "1.5")]
    [InlineData("--epochs", "-1")]
    [InlineData("--x-std", "0")]
    [InlineData("--x-std", "-2")]
    [InlineData("--noise-std", "-0.5")]
    [InlineData("--samples", "1")]
    [InlineData("--hidden", "0")]
    [InlineData("--init", "1")]
    [InlineData("--init", "1,2,3")]
    [InlineData("--init", "a,b")]
    [InlineData("--record", "sometimes")]
    [InlineData("--plotlyjs", "maybe")]
    [InlineData("--seed", "-1")]
    [InlineData("--samples", "many")]
    [InlineData("--bogus", "1")]
    public void BadInputGetsOneLineExitCode2AndWritesNothing(string option, string value)
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run("run", "--out", dir, option, value);
        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(option.TrimStart('-'), lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "nothing may be written for bad input");
    }

    [Fact]
    public void SplitLeavingOneSideEmptyIsRejected()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run("run", "--out", dir, "--samples", "2", "--test-fraction", "0.9");
        Assert.Equal(2, exit);
        Assert.Contains("--test-fraction", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void OutThatIsAFileIsRejected()
    {
        var file = Path.GetTempFileName();
        var (exit, _, error) = CliRunner.Run("run", "--out", file, "--samples", "100");
        Assert.Equal(2, exit);
        Assert.Contains("--out", error, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(file).Length);
    }

    [Fact]
    public void OutThatCannotBeWrittenIsRejected()
    {
        var file = Path.GetTempFileName();
        var (exit, _, error) = CliRunner.Run("run", "--out", Path.Combine(file, "sub"), "--samples", "100");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --out", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeValuesParseAsValues()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run("run", "--out", dir, "--samples", "500", "--epochs", "1", "--init", "-0.5,-1.5", "--w1", "-3:1:0.1", "--x-mean", "-2", "--plotlyjs", "cdn");
        Assert.True(exit == 0, error);
        Assert.StartsWith("0,0,-0.5,-1.5,", File.ReadAllLines(Path.Combine(dir, "trajectory.csv"))[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessPrintsOneLineToStandardErrorForBadInput()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "LossLandscape.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { cli, "run", "--lr", "0", "--out", CliRunner.NewDirectoryPath() })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("error: --lr: must be > 0 and at most 1e6 (got 0)", stderr.Trim());
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public void DivergenceIsReportedAndNothingNonFiniteIsWritten()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, output, _) = CliRunner.Run("run", "--out", dir, "--samples", "1000", "--epochs", "3", "--lr", "5", "--plotlyjs", "cdn");
        Assert.Equal(0, exit);
        Assert.Contains("warning: training diverged in epoch 1", output, StringComparison.Ordinal);
        Assert.Contains("Training: diverged in epoch 1 at step", output, StringComparison.Ordinal);
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var diverged = run.RootElement.GetProperty("results").GetProperty("diverged");
        Assert.Equal(1, diverged.GetProperty("epoch").GetInt32());
        Assert.True(diverged.GetProperty("step").GetInt32() >= 1);
        var rows = File.ReadAllLines(Path.Combine(dir, "trajectory.csv")).Skip(1).ToArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.All(row.Split(','), field => Assert.DoesNotContain("NaN", field, StringComparison.Ordinal)));
        Assert.DoesNotContain("Infinity", File.ReadAllText(Path.Combine(dir, "surface.json")), StringComparison.Ordinal);
    }
}
