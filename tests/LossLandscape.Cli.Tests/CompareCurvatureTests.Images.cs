using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary>With images asked for, the race's curvature chart is written as one too.</summary>
public sealed partial class CompareCurvatureTests
{
    [BrowserFact]
    public void TheCurvatureChartIsWrittenAsAnImageBesideTheViews()
    {
        var dir = CliRunner.TempDirectory();
        var (exit, output, error) = CliRunner.Run(["compare", "--out", dir, .. Shared, "--run", "sgd --lr 0.3", "--run", "adam --lr 0.05", "--curvature", "every", "--png", "--width", "420", "--height", "360"]);
        Assert.True(exit == 0, error);
        Assert.Contains("hessian.png", output, StringComparison.Ordinal);
        var png = PngImage.Decode(File.ReadAllBytes(Path.Combine(dir, "hessian.png")));
        Assert.Equal((420, 560), (png.Width, png.Height));
        Assert.True(png.DistinctColours() > 50, $"hessian.png has {png.DistinctColours()} colours");
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));

        // Without curvature there is no chart and no image of it.
        var plain = CliRunner.TempDirectory();
        var (exit2, _, error2) = CliRunner.Run(["compare", "--out", plain, .. Shared, "--run", "sgd --lr 0.3", "--png"]);
        Assert.True(exit2 == 0, error2);
        Assert.False(File.Exists(Path.Combine(plain, "hessian.png")));
        Assert.True(File.Exists(Path.Combine(plain, "compare.png")));
    }
}
