using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary><c>compare --surface accuracy</c> on a classifier: accuracy.html with every contestant at its records' accuracy.</summary>
public sealed partial class CompareAccuracyTests
{
    [Fact]
    public void TheRaceDrawsEveryRunOnTheAccuracySurfaceAtItsRecordsTestAccuracy()
    {
        var dir = CliRunner.TempDirectory();
        var data = Path.Combine(Reference.RepositoryRoot, "tests", "fixtures", "classifier.csv");
        var (exit, output, error) = CliRunner.Run("compare", "--data", data, "--split", "column", "--loss", "cross-entropy", "--layers", "2,8,3", "--bias", "--epochs", "3", "--batch-size", "16", "--a-range", "-1:1:0.25", "--b-range", "-1:1:0.25", "--surface", "test,accuracy", "--run", "sgd --lr 0.1", "--run", "adam --lr 0.05", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("accuracy.html", output, StringComparison.Ordinal);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var testPoints = manifest.RootElement.GetProperty("resolved").GetProperty("test_points").GetInt32();
        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var accuracy = surface.RootElement.GetProperty("accuracy");

        var html = File.ReadAllText(Path.Combine(dir, "accuracy.html"));
        using var figure = JsonDocument.Parse(FigureJson().Match(html).Groups[1].Value);
        var traces = figure.RootElement.GetProperty("data").EnumerateArray().ToArray();
        var contour = traces.Single(t => t.GetProperty("type").GetString() == "contour");
        Assert.Equal(accuracy[2][6].GetDouble(), contour.GetProperty("z")[6][2].GetDouble());

        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));
        var starts = new List<double>();
        foreach (var run in new[] { "sgd --lr 0.1", "adam --lr 0.05" })
        {
            var path = traces.Single(t => t.GetProperty("type").GetString() == "scatter" && t.GetProperty("name").GetString() == run);
            var records = rows.Where(r => r["run"] == run).ToArray();
            Assert.Equal(records.Select(r => Number(r["a"])), path.GetProperty("x").EnumerateArray().Select(x => x.GetDouble()));

            // Each record's accuracy is a count of right answers over the test rows.
            // customdata per record: epoch, step, accuracy.
            var values = path.GetProperty("customdata").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            Assert.Equal(records.Select(r => Number(r["epoch"])), values.Select(v => v[0]));
            var accuracies = values.Select(v => v[2]).ToArray();
            Assert.Equal(records.Length, accuracies.Length);
            Assert.All(accuracies, x =>
            {
                Assert.InRange(x, 0, 1);
                Assert.Equal(Math.Round(x * testPoints), x * testPoints, 9);
            });
            starts.Add(accuracies[0]);
        }

        // Both runs start from the same weights, so with the same accuracy; their colours differ.
        Assert.Equal(starts[0], starts[1]);
        var colours = traces.Where(t => t.GetProperty("type").GetString() == "scatter" && t.TryGetProperty("name", out var n) && n.GetString()!.Contains("--lr", StringComparison.Ordinal) && t.GetProperty("mode").GetString() == "lines+markers")
            .Select(t => t.GetProperty("line").GetProperty("color").GetString()).Distinct().Count();
        Assert.Equal(2, colours);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex("<script type=\"application/json\" id=\"figure-0-json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex FigureJson();
}
