using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary>Run labels are user strings: every HTML file compare writes shows them as text, never as markup.</summary>
public sealed class EscapingTests
{
    [Fact]
    public void HostileRunLabelsAreTextInCompareHtmlAndContourHtml()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, _, error) = CliRunner.Run(
            "compare",
            "--run", $"sgd --lr 0.01 label='{HostileText.Labels[0]}'",
            "--run", $"adam --lr 0.01 label='{HostileText.Labels[1]}'",
            "--run", $"sgd --lr 1000 label='{HostileText.Labels[2]}'",
            "--epochs", "2",
            "--plotlyjs", "cdn",
            "--out", dir);
        Assert.True(exit == 0, error);
        var pages = Directory.GetFiles(dir, "*.html").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["compare.html", "contour.html"], pages);
        foreach (var page in pages)
        {
            HostileText.AssertShownAsText(page, File.ReadAllText(Path.Combine(dir, page)));
        }
    }
}
