using LossLandscape.Plotting;

namespace LossLandscape.Plotting.Tests;

public sealed class PathAnimationTests
{
    [Theory]
    [InlineData(1, 10, 1)]
    [InlineData(26, 150, 26)]
    [InlineData(6251, 150, 150)]
    public void FrameCountsRunFromOneRecordToAllOfThem(int records, int maxFrames, int frames)
    {
        var counts = PathAnimation.FrameCounts(records, maxFrames);
        Assert.Equal(frames, counts.Length);
        Assert.Equal(1, counts[0]);
        Assert.Equal(records, counts[^1]);
        Assert.True(counts.Zip(counts.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public void ContourFramesGrowThePathRecordByRecordAndMoveTheEndMarker()
    {
        var path = SeedProblem.Path(26);
        var figure = LandscapeViews.Contour(SeedProblem.Surface, [path], [], [], new ViewOptions());
        var frames = figure.Frames!;
        Assert.Equal(26, frames.Count);
        var first = ContourFigure.FirstPathTrace(figure, 1);
        for (var k = 0; k < frames.Count; k++)
        {
            Assert.Equal($"epoch {k}", frames[k].Name);
            Assert.Equal([first, first + 2], frames[k].Traces);
            var line = Assert.IsType<ScatterTrace>(frames[k].Data[0]);
            var end = Assert.IsType<ScatterTrace>(frames[k].Data[1]);
            Assert.Equal(path.A.Take(k + 1), line.X);
            Assert.Equal(path.A[k], end.X[0]);
        }

        var slider = Assert.Single(figure.Layout.Sliders!);
        Assert.Equal(frames.Select(f => f.Name), slider.Steps.Select(s => s.Label));
        Assert.Equal(frames.Count - 1, slider.Active);
        var menu = Assert.Single(figure.Layout.UpdateMenus!);
        Assert.Equal(["▶ Play", "❚❚ Pause"], menu.Buttons.Select(b => b.Label));
        // The page shows the whole path until the animation is used.
        Assert.Equal(path.A, Assert.IsType<ScatterTrace>(figure.Data[first]).X);
    }

    [Fact]
    public void LandscapeFramesReplaceThe3DPathAndRedraw()
    {
        var path = SeedProblem.Path(10);
        var figure = LandscapeViews.Landscape(SeedProblem.Surface, [path], SeedProblem.Analysis.CriticalPoints, new ViewOptions());
        Assert.Equal(10, figure.Frames!.Count);
        Assert.All(figure.Frames, f => Assert.Equal([1], f.Traces));
        Assert.Equal(4, Assert.IsType<Scatter3dTrace>(figure.Frames[3].Data[0]).X.Count);
        var json = HtmlPage.ToJson(figure);
        Assert.Contains("\"redraw\":true", json, StringComparison.Ordinal);
    }

    [Fact]
    public void LongStepRecordedPathsAreCappedInFramesAndPointsPerFrame()
    {
        var path = SeedProblem.Path(5001) with { Epochs = Enumerable.Range(0, 5001).Select(k => k / 250).ToArray() };
        var figure = LandscapeViews.Contour(SeedProblem.Surface, [path], [], [], new ViewOptions { MaxFrames = 40 });
        Assert.Equal(40, figure.Frames!.Count);
        Assert.All(figure.Frames, f => Assert.InRange(((ScatterTrace)f.Data[0]).X.Count, 1, PathAnimation.MaxPointsPerFrame));
        Assert.StartsWith("step ", figure.Frames[^1].Name, StringComparison.Ordinal);
        Assert.Equal(path.A[^1], ((ScatterTrace)figure.Frames[^1].Data[0]).X[^1]);
        Assert.Equal(40, figure.Frames.Select(f => f.Name).Distinct().Count());
    }
}
