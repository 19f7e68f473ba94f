using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LossLandscape.Cli.Commands;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary>compare draws its race with the view options of run: contour.html, analysis.json, log10 heights, animation, PNG/SVG.</summary>
public sealed partial class CompareViewsTests
{
    [Fact]
    public void CompareWritesTheContourViewWithEveryRunInItsRaceColourAndTheAnalysis()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run("compare", "--epochs", "4", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("Wrote compare.html, contour.html, analysis.json, trajectories.csv, surface.json, weights.npy, directions.json and run.json", output, StringComparison.Ordinal);
        Assert.Matches(@"Analysis: \d+ saddles?", output);

        using var race = Figure(dir, "compare.html");
        using var contour = Figure(dir, "contour.html");
        var raceColours = race.RootElement.GetProperty("data").EnumerateArray()
            .Where(t => t.GetProperty("type").GetString() == "scatter3d" && t.TryGetProperty("showlegend", out var s) && s.GetBoolean())
            .Select(t => t.GetProperty("line").GetProperty("color").GetString())
            .ToArray();
        var traces = contour.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal("contour", traces[0].GetProperty("type").GetString());
        var paths = traces.Where(t => t.TryGetProperty("mode", out var m) && m.GetString() == "lines+markers").ToArray();
        Assert.Equal(CompareSettings.DefaultRuns, paths.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(raceColours, paths.Select(t => t.GetProperty("line").GetProperty("color").GetString()));

        // Each path runs through the records of trajectories.csv; its legend entry also toggles its start and end.
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));
        foreach (var path in paths)
        {
            var label = path.GetProperty("name").GetString()!;
            var mine = rows.Where(r => r["run"] == label).ToArray();
            Assert.Equal(mine.Select(r => Number(r["w1"])), path.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
            Assert.Equal(mine.Select(r => Number(r["w2"])), path.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
            var group = traces.Where(t => t.TryGetProperty("legendgroup", out var g) && g.GetString() == label).ToArray();
            Assert.Equal(3, group.Length);
            var end = Assert.Single(group, t => t.GetProperty("name").GetString() == $"{label} end");
            Assert.Equal(path.GetProperty("line").GetProperty("color").GetString(), end.GetProperty("marker").GetProperty("color").GetString());
            Assert.Equal(Number(mine[^1]["w1"]), end.GetProperty("x")[0].GetDouble());
        }

        Assert.Contains(traces, t => t.GetProperty("name").GetString()!.StartsWith("valley floor", StringComparison.Ordinal));
        var saddles = traces.Where(t => t.GetProperty("name").GetString() == "saddle").SelectMany(t => t.GetProperty("text").EnumerateArray()).ToArray();
        Assert.NotEmpty(saddles);
        Assert.All(saddles, s => Assert.Equal("saddle", s.GetString()));

        // The animation grows every path together: one frame per record, each replacing every path and its end.
        var frames = contour.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(5, frames.Length);
        Assert.All(frames, f => Assert.Equal(2 * CompareSettings.DefaultRuns.Count, f.GetProperty("data").GetArrayLength()));
        Assert.Equal(1, frames[0].GetProperty("data")[0].GetProperty("x").GetArrayLength());
        Assert.Single(contour.RootElement.GetProperty("layout").GetProperty("sliders").EnumerateArray());

        // compare.html grows its 3-D paths the same way and shows the critical points on its surface too.
        Assert.Equal(5, race.RootElement.GetProperty("frames").GetArrayLength());
        Assert.All(race.RootElement.GetProperty("frames").EnumerateArray(), f => Assert.Equal(CompareSettings.DefaultRuns.Count, f.GetProperty("data").GetArrayLength()));
        Assert.Contains(race.RootElement.GetProperty("data").EnumerateArray(), t => t.GetProperty("type").GetString() == "scatter3d" && t.GetProperty("name").GetString() == "saddle");

        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "analysis.json")));
        var root = analysis.RootElement;
        var saddle = Assert.Single(root.GetProperty("critical_points").EnumerateArray(), p => Math.Abs(p.GetProperty("w1").GetDouble()) < 1e-9 && Math.Abs(p.GetProperty("w2").GetDouble()) < 1e-9);
        Assert.Equal("saddle", saddle.GetProperty("kind").GetString());
        Assert.True(root.GetProperty("valley").GetProperty("points").GetArrayLength() > 100);
        Assert.False(root.TryGetProperty("trajectory", out _), "a race has one trajectory per run, under trajectories");

        // Each run's curvature under its label, one entry per record, against that run's own 2/lr.
        var runs = root.GetProperty("trajectories").EnumerateObject().ToArray();
        Assert.Equal(CompareSettings.DefaultRuns, runs.Select(r => r.Name));
        foreach (var run in runs)
        {
            var mine = rows.Where(r => r["run"] == run.Name).ToArray();
            var points = run.Value.GetProperty("trajectory").EnumerateArray().ToArray();
            Assert.Equal(mine.Length, points.Length);
            for (var k = 0; k < points.Length; k++)
            {
                Assert.Equal(Number(mine[k]["w1"]), points[k].GetProperty("w1").GetDouble());
                Assert.Equal(Number(mine[k]["test_loss"]), points[k].GetProperty("loss").GetDouble(), 1e-9 * Number(mine[k]["test_loss"]));
                Assert.Equal(2 / Number(mine[k]["lr"]), points[k].GetProperty("stability_limit").GetDouble(), 1e-9);
            }
        }
    }

    [Fact]
    public void LogLossDrawsLog10OfTheSurfaceAndThePathsInBothViewsAndALogLossAxis()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("compare", "--epochs", "3", "--log-loss", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var loss = surface.RootElement.GetProperty("loss").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));

        using var race = Figure(dir, "compare.html");
        var data = race.RootElement.GetProperty("data").EnumerateArray().ToArray();
        AssertLog10(loss, data[0].GetProperty("z"));
        Assert.Equal("log10 test loss", data[0].GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());
        var sgd = data.Single(t => t.GetProperty("type").GetString() == "scatter3d" && t.GetProperty("name").GetString() == "sgd --lr 0.01");
        var sgdRows = rows.Where(r => r["run"] == "sgd --lr 0.01").ToArray();
        Assert.Equal(sgdRows.Length, sgd.GetProperty("z").GetArrayLength());
        for (var k = 0; k < sgdRows.Length; k++)
        {
            Assert.Equal(Math.Log10(Number(sgdRows[k]["test_loss"])), sgd.GetProperty("z")[k].GetDouble(), 1e-12);
        }

        // The loss chart keeps the losses themselves, on a log axis.
        var chart = data.Single(t => t.GetProperty("type").GetString() == "scatter" && t.GetProperty("name").GetString() == "sgd --lr 0.01");
        Assert.Equal(Number(sgdRows[^1]["test_loss"]), chart.GetProperty("y")[sgdRows.Length - 1].GetDouble());
        Assert.Equal("log", race.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());

        using var contour = Figure(dir, "contour.html");
        var map = contour.RootElement.GetProperty("data")[0];
        AssertLog10(loss, map.GetProperty("z"));
        Assert.Equal("log10 Loss", map.GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());

        // Without the option the same race draws the loss itself.
        var linear = CliRunner.TempDirectory();
        Assert.Equal(0, CliRunner.Run("compare", "--epochs", "3", "--plotlyjs", "cdn", "--out", linear).Exit);
        using var plain = Figure(linear, "compare.html");
        Assert.Equal(loss[5][7], plain.RootElement.GetProperty("data")[0].GetProperty("z")[7][5].GetDouble());
    }

    [Fact]
    public void NoAnimationLeavesOutTheFramesAndRunJsonRecordsTheViewOptions()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("compare", "--epochs", "2", "--no-animation", "--log-loss", "--width", "640", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        using var contour = Figure(dir, "contour.html");
        Assert.False(contour.RootElement.TryGetProperty("frames", out _));
        Assert.False(contour.RootElement.GetProperty("layout").TryGetProperty("sliders", out _));
        Assert.DoesNotContain("\"frames\":[", File.ReadAllText(Path.Combine(dir, "compare.html")), StringComparison.Ordinal);

        // --width applies to both figures; each keeps its own height.
        Assert.Equal((640, 1100), Size(dir, "compare.html"));
        Assert.Equal((640, 800), Size(dir, "contour.html"));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var options = manifest.RootElement.GetProperty("options");
        Assert.True(options.GetProperty("log-loss").GetBoolean());
        Assert.True(options.GetProperty("no-animation").GetBoolean());
        Assert.False(options.GetProperty("png").GetBoolean());
        Assert.False(options.GetProperty("svg").GetBoolean());
        Assert.Equal("640", options.GetProperty("width").GetString());
        Assert.Equal(JsonValueKind.Null, options.GetProperty("browser").ValueKind);
        var views = manifest.RootElement.GetProperty("resolved").GetProperty("views");
        Assert.Equal("log10", views.GetProperty("loss_scale").GetString());
        Assert.False(views.GetProperty("animation").GetBoolean());
        Assert.Equal([640, 1100], views.GetProperty("compare_size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([640, 800], views.GetProperty("contour_size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0, views.GetProperty("images").GetArrayLength());
    }

    [Theory]
    [InlineData("--png --browser /nonexistent/chromium", "--browser: no browser at '/nonexistent/chromium'")]
    [InlineData("--browser /usr/bin/chromium", "--browser: only used with --png or --svg")]
    [InlineData("--width 50", "--width: 50 is out of range; use 100 to 8000 pixels")]
    [InlineData("--height tall", "--height: 'tall' is not a whole number")]
    public void BadViewOptionsAreOneLineUsageErrorsBeforeAnyWork(string options, string message)
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run(["compare", "--out", dir, .. options.Split(' ')]);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {message}", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("Surface:", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [BrowserFact]
    public void PngAndSvgOfBothViewsAreWrittenAtTheAskedSize()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run("compare", "--epochs", "3", "--png", "--svg", "--width", "420", "--height", "360", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("compare.png, compare.svg, contour.png, contour.svg", output, StringComparison.Ordinal);
        foreach (var name in new[] { "compare", "contour" })
        {
            var png = PngImage.Decode(File.ReadAllBytes(Path.Combine(dir, name + ".png")));
            Assert.Equal((420, 360), (png.Width, png.Height));
            Assert.True(png.DistinctColours() > 200, $"{name}.png has {png.DistinctColours()} colours");
            var svg = File.ReadAllText(Path.Combine(dir, name + ".svg"));
            Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("width=\"420\"", svg, StringComparison.Ordinal);
            Assert.Contains("height=\"360\"", svg, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var views = manifest.RootElement.GetProperty("resolved").GetProperty("views");
        Assert.Equal(["png", "svg"], views.GetProperty("images").EnumerateArray().Select(e => e.GetString()));
        Assert.True(File.Exists(views.GetProperty("browser").GetString()));
    }

    [BrowserFact]
    public void WithoutASizeTheRaceImageIsTallAndTheContourImageSquare()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("compare", "--epochs", "2", "--png", "--out", dir);
        Assert.True(exit == 0, error);
        var race = PngImage.Decode(File.ReadAllBytes(Path.Combine(dir, "compare.png")));
        Assert.Equal((900, 1100), (race.Width, race.Height));
        var contour = PngImage.Decode(File.ReadAllBytes(Path.Combine(dir, "contour.png")));
        Assert.Equal((800, 800), (contour.Width, contour.Height));
        Assert.False(File.Exists(Path.Combine(dir, "compare.svg")));
    }

    [Fact]
    public void TheRaceSwitchesBetweenEverySurfaceWithEachPathAtItsTrueLossOfTheShownKind()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("compare", "--samples", "500", "--epochs", "3", "--layers", "1,4,1", "--bias", "--plane", "random", "--a-range", "-1:1:0.25", "--b-range", "-1:1:0.25", "--surface", "test,train,gap", "--no-animation", "--run", "sgd --lr 0.05", "--run", "adam --lr 0.05", "--plotlyjs", "cdn", "--out", dir);
        Assert.True(exit == 0, error);
        using var figure = Figure(dir, "compare.html");
        var root = figure.RootElement;
        var traces = root.GetProperty("data").EnumerateArray().ToArray();
        Assert.StartsWith("a: random direction 1", root.GetProperty("layout").GetProperty("scene").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString(), StringComparison.Ordinal);

        var menu = root.GetProperty("layout").GetProperty("updatemenus").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "surfaces");
        var buttons = menu.GetProperty("buttons").EnumerateArray().ToArray();
        Assert.Equal(["test loss", "training loss", "gap (test − train)"], buttons.Select(b => b.GetProperty("label").GetString()!));
        var rows = CliRunner.Csv(Path.Combine(dir, "trajectories.csv"));
        using var surfaces = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        string[] kinds = ["loss", "train_loss", "gap"];
        for (var k = 0; k < buttons.Length; k++)
        {
            var visible = buttons[k].GetProperty("args")[0].GetProperty("visible").EnumerateArray().Select(v => v.GetBoolean()).ToArray();
            Assert.Equal(traces.Length, visible.Length);

            // One surface shown: the kind's values from surface.json (its rows are a, the figure's z rows are b).
            var sheet = Assert.Single(traces.Where((t, i) => visible[i] && t.GetProperty("type").GetString() == "surface"));
            var expected = surfaces.RootElement.GetProperty(kinds[k]);
            Assert.Equal(expected[3][5].GetDouble(), sheet.GetProperty("z")[5][3].GetDouble());

            // Each run's path at its records' true values of that kind.
            foreach (var run in new[] { "sgd --lr 0.05", "adam --lr 0.05" })
            {
                var path = Assert.Single(traces.Where((t, i) => visible[i] && t.GetProperty("type").GetString() == "scatter3d" && t.GetProperty("name").GetString() == run));
                var records = rows.Where(r => r["run"] == run).ToArray();
                var truth = records.Select(r => k switch
                {
                    0 => Number(r["test_loss"]),
                    1 => Number(r["train_loss"]),
                    _ => Number(r["test_loss"]) - Number(r["train_loss"]),
                });
                Assert.Equal(truth, path.GetProperty("z").EnumerateArray().Select(z => z.GetDouble()));
                Assert.Equal(records.Select(r => Number(r["a"])), path.GetProperty("x").EnumerateArray().Select(x => x.GetDouble()));
            }

            // The loss chart below stays the test loss under every button.
            Assert.Equal(2, traces.Where((t, i) => visible[i] && t.GetProperty("type").GetString() == "scatter" && t.GetProperty("yaxis").GetString() == "y").Count());
        }
    }

    private static void AssertLog10(double[][] loss, JsonElement z)
    {
        // Plotly draws z rows along y: z[j][i] is drawn at (w1[i], w2[j]).
        Assert.Equal(loss[0].Length, z.GetArrayLength());
        Assert.Equal(loss.Length, z[0].GetArrayLength());
        for (var i = 0; i < loss.Length; i += 7)
        {
            for (var j = 0; j < loss[i].Length; j += 5)
            {
                Assert.Equal(Math.Log10(loss[i][j]), z[j][i].GetDouble(), 1e-12);
            }
        }
    }

    private static (int Width, int Height) Size(string dir, string file)
    {
        using var figure = Figure(dir, file);
        var layout = figure.RootElement.GetProperty("layout");
        return (layout.GetProperty("width").GetInt32(), layout.GetProperty("height").GetInt32());
    }

    private static JsonDocument Figure(string dir, string file)
    {
        var html = File.ReadAllText(Path.Combine(dir, file));
        var match = FigureJson().Match(html);
        Assert.True(match.Success, $"{file} holds no figure JSON");
        return JsonDocument.Parse(match.Groups[1].Value);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex("<script type=\"application/json\" id=\"figure-0-json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex FigureJson();
}
