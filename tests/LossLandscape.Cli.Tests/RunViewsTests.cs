using System.Text.Json;
using LossLandscape.Data;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

public sealed class RunViewsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("losslandscape-views-").FullName;

    [Fact]
    public void RunWritesContourHtmlAndAnalysisJsonWithTheSaddleAtTheOrigin()
    {
        var (code, output, error) = CliRunner.Run("run", "--out", _directory, "--epochs", "3");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(_directory, "contour.html")));
        Assert.Contains("contour.html", output, StringComparison.Ordinal);
        var contour = File.ReadAllText(Path.Combine(_directory, "contour.html"));
        Assert.Contains("\"type\":\"contour\"", contour, StringComparison.Ordinal);
        Assert.Contains("valley floor", contour, StringComparison.Ordinal);
        Assert.Contains("\"frames\":[", contour, StringComparison.Ordinal);
        Assert.Contains("\"frames\":[", File.ReadAllText(Path.Combine(_directory, "landscape.html")), StringComparison.Ordinal);

        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "analysis.json")));
        var root = analysis.RootElement;
        var points = root.GetProperty("critical_points").EnumerateArray().ToArray();
        foreach (var point in points)
        {
            Assert.Contains(point.GetProperty("kind").GetString(), PointKinds);
            foreach (var key in new[] { "w1", "w2", "loss", "gradient_norm" })
            {
                Assert.Equal(JsonValueKind.Number, point.GetProperty(key).ValueKind);
            }

            Assert.Equal(2, point.GetProperty("hessian_eigenvalues").GetArrayLength());
        }

        var saddle = Assert.Single(points, p => Math.Abs(p.GetProperty("w1").GetDouble()) < 1e-9 && Math.Abs(p.GetProperty("w2").GetDouble()) < 1e-9);
        Assert.Equal("saddle", saddle.GetProperty("kind").GetString());
        var test = TestSet();
        var meanXY = test.X.Zip(test.Y, (x, y) => x * y).Average();
        var eigenvalues = saddle.GetProperty("hessian_eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(-2 * Math.Abs(meanXY), eigenvalues[0], 1e-9 * Math.Abs(meanXY));
        Assert.Equal(2 * Math.Abs(meanXY), eigenvalues[1], 1e-9 * Math.Abs(meanXY));
        Assert.Contains(points, p => p.GetProperty("kind").GetString() == "edge" && p.GetProperty("note").GetString()!.Contains("outside the grid", StringComparison.Ordinal));

        var trajectory = root.GetProperty("trajectory").EnumerateArray().ToArray();
        Assert.Equal(4, trajectory.Length);
        var rows = File.ReadAllLines(Path.Combine(_directory, "trajectory.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        for (var k = 0; k < trajectory.Length; k++)
        {
            Assert.Equal(double.Parse(rows[k][2], System.Globalization.CultureInfo.InvariantCulture), trajectory[k].GetProperty("w1").GetDouble());
            Assert.Equal(200, trajectory[k].GetProperty("stability_limit").GetDouble(), 1e-9);
            Assert.Equal(
                trajectory[k].GetProperty("sharpness").GetDouble() > 200,
                trajectory[k].GetProperty("unstable").GetBoolean());
        }

        Assert.True(root.GetProperty("valley").GetProperty("points").GetArrayLength() > 100);
    }

    [Fact]
    public void LogLossTitlesBothViewsWithLog10()
    {
        var (code, _, error) = CliRunner.Run("run", "--out", _directory, "--epochs", "1", "--log-loss", "--no-animation");
        Assert.True(code == 0, error);
        foreach (var file in new[] { "landscape.html", "contour.html" })
        {
            var html = File.ReadAllText(Path.Combine(_directory, file));
            Assert.Contains("log10 Loss", html, StringComparison.Ordinal);
            Assert.DoesNotContain("\"frames\":[", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WiderNetworksAreAnalysedOnTheirPlane()
    {
        var (code, _, error) = CliRunner.Run("run", "--out", _directory, "--epochs", "2", "--hidden", "3");
        Assert.True(code == 0, error);
        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "analysis.json")));
        Assert.Contains(analysis.RootElement.GetProperty("critical_points").EnumerateArray(), p => p.GetProperty("kind").GetString() == "saddle");
        Assert.Contains("3 hidden weights", analysis.RootElement.GetProperty("plane").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--png --browser /nonexistent/chromium", "--browser: no browser at '/nonexistent/chromium'")]
    [InlineData("--browser /usr/bin/chromium", "--browser: only used with --png or --svg")]
    [InlineData("--width 50", "--width: 50 is out of range; use 100 to 8000 pixels")]
    [InlineData("--height tall", "--height: 'tall' is not a whole number")]
    public void BadViewOptionsAreOneLineUsageErrors(string options, string message)
    {
        var (code, _, error) = CliRunner.Run(["run", "--out", _directory, .. options.Split(' ')]);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {message}", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_directory, "landscape.html")), "a usage error stops before any work");
    }

    [BrowserFact]
    public void PngAndSvgAreWrittenAtTheAskedSize()
    {
        var (code, output, error) = CliRunner.Run("run", "--out", _directory, "--epochs", "2", "--png", "--svg", "--width", "420", "--height", "360");
        Assert.True(code == 0, error);
        foreach (var name in new[] { "landscape", "contour" })
        {
            var png = PngImage.Decode(File.ReadAllBytes(Path.Combine(_directory, name + ".png")));
            Assert.Equal((420, 360), (png.Width, png.Height));
            Assert.True(png.DistinctColours() > 200, $"{name}.png has {png.DistinctColours()} colours");
            var svg = File.ReadAllText(Path.Combine(_directory, name + ".svg"));
            Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("width=\"420\"", svg, StringComparison.Ordinal);
            Assert.Contains(name + ".png", output, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    private static readonly string[] PointKinds = ["minimum", "maximum", "saddle", "edge"];

    private static RegressionSet TestSet()
    {
        var options = new DataOptions();
        var data = Dataset.Generate(options);
        return RegressionSet.Gather(data, TrainTestSplit.Create(options.Samples, options.TestFraction, options.Seed).Test);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
