using System.Diagnostics;
using System.Text.RegularExpressions;
using LossLandscape.Cli.Commands;

namespace LossLandscape.Cli.Tests;

/// <summary>Renders compare.html in headless Chromium (WebGL through SwiftShader) and reads back the drawn page.</summary>
public sealed partial class CompareBrowserTests
{
    [Fact]
    public void ChromiumDrawsTheSurfaceEveryRunInTheLegendAndEveryLossLine()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run("compare", "--epochs", "3", "--out", dir);
        Assert.True(exit == 0, error);

        var dom = RenderedDom(Path.Combine(dir, "compare.html"));
        var legend = LegendText().Matches(dom).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();
        Assert.Equal(CompareSettings.DefaultRuns, legend.Take(CompareSettings.DefaultRuns.Count));

        // After the runs, the kinds of critical point drawn on the surface.
        Assert.Contains("saddle", legend.Skip(CompareSettings.DefaultRuns.Count));
        Assert.Matches("<canvas[^>]*width=\"[1-9]", dom);
        Assert.Equal(CompareSettings.DefaultRuns.Count, ChartLine().Count(dom));
    }

    private static string RenderedDom(string html)
    {
        var chromium = new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
            ?? throw new InvalidOperationException("Chromium is not installed (set CHROMIUM or install the chromium package, as .ci/run does)");
        var profile = CliRunner.TempDirectory();
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={profile}", "--window-size=900,1100", "--virtual-time-budget=15000", "--dump-dom", new Uri(html).AbsoluteUri,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var dom = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "chromium did not finish within two minutes");
            Assert.True(dom.Length > 0, $"chromium printed no page: {stderr.Result}");
            return dom;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    [GeneratedRegex("class=\"legendtext\"[^>]*>([^<]*)<")]
    private static partial Regex LegendText();

    [GeneratedRegex("<g class=\"trace scatter ")]
    private static partial Regex ChartLine();
}
