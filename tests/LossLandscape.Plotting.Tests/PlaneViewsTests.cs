using LossLandscape.Surface;
using System.Text.Json;
using static LossLandscape.Plotting.Tests.PlaneSample;

namespace LossLandscape.Plotting.Tests;

public sealed class PlaneViewsTests
{
    private static readonly ViewOptions Still = new() { Animate = false };

    [Fact]
    public void AxesAreNamedByThePlaneAndTitledByTheCallerEscaped()
    {
        var plane = Plane(SurfaceQuantities.Test) with { Axis2Title = "d₂ <random> & filter-normalised" };
        using var landscape = Json(LandscapeViews.Landscape(plane, [Path(10)], [], Still));
        using var contour = Json(LandscapeViews.Contour(plane, [Path(10)], [], [], Still));
        var scene = landscape.RootElement.GetProperty("layout").GetProperty("scene");
        Assert.Equal("a: PC1 · 72.0 % of the path's variance", Text(scene.GetProperty("xaxis").GetProperty("title")));
        Assert.Equal("b: d₂ &lt;random&gt; &amp; filter-normalised", Text(scene.GetProperty("yaxis").GetProperty("title")));
        var layout = contour.RootElement.GetProperty("layout");
        Assert.Equal("a: PC1 · 72.0 % of the path's variance", Text(layout.GetProperty("xaxis").GetProperty("title")));
        Assert.Equal("b: d₂ &lt;random&gt; &amp; filter-normalised", Text(layout.GetProperty("yaxis").GetProperty("title")));
        Assert.StartsWith("a = %{x", contour.RootElement.GetProperty("data")[0].GetProperty("hovertemplate").GetString(), StringComparison.Ordinal);

        // Off the weights plane even a lone surface says which loss it is.
        Assert.Equal("test loss", Text(scene.GetProperty("zaxis").GetProperty("title")));
        Assert.Equal("test loss", Text(contour.RootElement.GetProperty("data")[0].GetProperty("colorbar").GetProperty("title")));
    }

    [Fact]
    public void BothViewsDrawThePathAtItsProjectionAndTheLandscapeAtItsTrueTestLoss()
    {
        var path = Path(15);
        using var landscape = Json(LandscapeViews.Landscape(Plane(SurfaceQuantities.Test), [path], [], Still));
        var line = landscape.RootElement.GetProperty("data")[1];
        Assert.Equal("scatter3d", line.GetProperty("type").GetString());
        Assert.Equal(path.A, Doubles(line.GetProperty("x")));
        Assert.Equal(path.B, Doubles(line.GetProperty("y")));
        Assert.Equal(path.Loss, Doubles(line.GetProperty("z")));
        Assert.NotEqual(path.SurfaceLoss![3], path.Loss[3], 1e-3);

        var figure = LandscapeViews.Contour(Plane(SurfaceQuantities.Test), [path], [], [], Still);
        using var contour = Json(figure);
        var drawn = contour.RootElement.GetProperty("data")[ContourFigure.FirstPathTrace(figure, 1)];
        Assert.Equal(path.A, Doubles(drawn.GetProperty("x")));
        Assert.Equal(path.B, Doubles(drawn.GetProperty("y")));
    }

    [Fact]
    public void HoverGivesEachRecordsDistanceTrueLossAndTheSurfacesLossAtItsProjection()
    {
        var path = Path(12);
        var figure = LandscapeViews.Contour(Plane(SurfaceQuantities.Test, SurfaceQuantities.Train), [path], [], [], Still);
        using var contour = Json(figure);
        var drawn = contour.RootElement.GetProperty("data")[ContourFigure.FirstPathTrace(figure, 1)];
        var template = drawn.GetProperty("hovertemplate").GetString()!;
        Assert.Contains("distance to the plane = %{customdata[2]", template, StringComparison.Ordinal);
        Assert.Contains("test loss: true %{customdata[3]", template, StringComparison.Ordinal);
        Assert.Contains("surface at (a, b) %{customdata[4]", template, StringComparison.Ordinal);
        Assert.Contains("training loss: true %{customdata[5]", template, StringComparison.Ordinal);
        var data = drawn.GetProperty("customdata");
        foreach (var k in new[] { 0, 5, 11 })
        {
            var row = data[k];
            Assert.Equal(path.Epochs[k], row[0].GetInt32());
            Assert.Equal(path.Steps[k], row[1].GetInt32());
            Assert.Equal(path.Distance![k], row[2].GetDouble());
            Assert.Equal(path.Loss[k], row[3].GetDouble());
            Assert.Equal(path.SurfaceLoss![k], row[4].GetDouble());
            Assert.Equal(path.TrainLoss![k], row[5].GetDouble());
            Assert.Equal(path.SurfaceTrainLoss![k], row[6].GetDouble());
        }

        using var landscape = Json(LandscapeViews.Landscape(Plane(SurfaceQuantities.Test), [path], [], Still));
        var line = landscape.RootElement.GetProperty("data")[1];
        Assert.Contains("distance to the plane", line.GetProperty("hovertemplate").GetString()!, StringComparison.Ordinal);
        Assert.Equal(path.Distance![4], line.GetProperty("customdata")[4][2].GetDouble());
        Assert.Equal(path.SurfaceLoss![4], line.GetProperty("customdata")[4][4].GetDouble());
    }

    [Fact]
    public void OneButtonPerSurfaceShowsThatSurfaceWithThePathAtItsTrueLossOfThatKind()
    {
        var plane = Plane(SurfaceQuantities.Test, SurfaceQuantities.Train, SurfaceQuantities.Gap);
        var path = Path(9);
        using var json = Json(LandscapeViews.Landscape(plane, [path], SeedProblem.Analysis.CriticalPoints, Still with { LogLoss = true }));
        var data = json.RootElement.GetProperty("data");
        var menus = json.RootElement.GetProperty("layout").GetProperty("updatemenus");
        var buttons = Assert.Single(menus.EnumerateArray()).GetProperty("buttons");
        Assert.Equal(3, buttons.GetArrayLength());
        var expectedPath = new[] { path.Loss.Select(Math.Log10).ToArray(), path.TrainLoss!.Select(Math.Log10).ToArray(), path.Loss.Zip(path.TrainLoss!, (t, r) => t - r).ToArray() };
        for (var k = 0; k < 3; k++)
        {
            var button = buttons[k];
            Assert.Equal(SurfaceStyles.Label(plane.Surfaces[k].Kind), button.GetProperty("label").GetString());
            Assert.Equal("update", button.GetProperty("method").GetString());
            var visible = button.GetProperty("args")[0].GetProperty("visible").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
            Assert.Equal(data.GetArrayLength(), visible.Length);
            var surface = Assert.Single(Enumerable.Range(0, visible.Length), i => visible[i] && data[i].GetProperty("type").GetString() == "surface");
            var z = data[surface].GetProperty("z");
            var given = plane.Surfaces[k].Surface;
            for (var j = 0; j < given.Axis2.Count; j += 7)
            {
                for (var i = 0; i < given.Axis1.Count; i += 5)
                {
                    var expected = plane.Surfaces[k].Kind == SurfaceQuantities.Gap ? given[i, j] : Math.Log10(given[i, j]);
                    Assert.Equal(expected, z[j][i].GetDouble(), 1e-15);
                }
            }

            var line = Assert.Single(Enumerable.Range(0, visible.Length), i => visible[i] && data[i].GetProperty("type").GetString() == "scatter3d" && data[i].GetProperty("name").GetString() == path.Name);
            Close(expectedPath[k], Doubles(data[line].GetProperty("z")), 1e-15);
            var hover = data[line].GetProperty("hovertemplate").GetString()!;
            Assert.StartsWith(SurfaceStyles.Label(plane.Surfaces[k].Kind) + ": true %{customdata[3]", hover[hover.IndexOf(SurfaceStyles.Label(plane.Surfaces[k].Kind) + ": true", StringComparison.Ordinal)..], StringComparison.Ordinal);
            Assert.Equal(k == 0 ? 5 : 7, data[line].GetProperty("customdata")[2].GetArrayLength());
            Assert.Equal(path.Loss[2], data[line].GetProperty("customdata")[2][k == 0 ? 3 : 5].GetDouble());
            var criticalShown = Enumerable.Range(0, visible.Length).Any(i => visible[i] && data[i].TryGetProperty("legendgroup", out var group) && group.GetString()!.StartsWith("critical-", StringComparison.Ordinal));
            Assert.Equal(plane.Surfaces[k].Kind == SurfaceQuantities.Test, criticalShown);
            Assert.Equal(SurfaceStyles.AxisTitle(plane.Surfaces[k].Kind, logLoss: true), button.GetProperty("args")[1].GetProperty("scene.zaxis.title.text").GetString());
            Assert.Equal(SurfaceStyles.HeightTitle(plane.Surfaces[k].Kind, logLoss: true), Text(data[surface].GetProperty("colorbar").GetProperty("title")));
        }

        var gap = data.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "gap (test − train) surface");
        Assert.Equal(0, gap.GetProperty("cmid").GetDouble());
        Assert.Equal("#276419", gap.GetProperty("colorscale")[0][1].GetString());
        Assert.Equal("gap (test − train)", Text(gap.GetProperty("colorbar").GetProperty("title")));
        Assert.False(gap.GetProperty("visible").GetBoolean());
        Assert.False(data[0].TryGetProperty("visible", out _));
    }

    [Fact]
    public void ContourButtonsSwitchTheContourTracesAndKeepThePathShown()
    {
        var plane = Plane(SurfaceQuantities.Train, SurfaceQuantities.Gap);
        var figure = LandscapeViews.Contour(plane, [Path(8)], [], [], Still);
        using var json = Json(figure);
        var data = json.RootElement.GetProperty("data");
        var buttons = json.RootElement.GetProperty("layout").GetProperty("updatemenus")[0].GetProperty("buttons");
        Assert.Equal(2, buttons.GetArrayLength());
        for (var k = 0; k < 2; k++)
        {
            var visible = buttons[k].GetProperty("args")[0].GetProperty("visible").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
            var shown = Assert.Single(Enumerable.Range(0, visible.Length), i => visible[i] && data[i].GetProperty("type").GetString() == "contour");
            Assert.Equal(k, shown);
            Assert.Equal(plane.Surfaces[k].Surface[3, 5], data[shown].GetProperty("z")[5][3].GetDouble());
            Assert.True(visible[ContourFigure.FirstPathTrace(figure, 1)]);
        }

        var gap = plane.Surfaces[1].Surface.Values.Max(Math.Abs);
        Assert.True(gap > 0.2);
        Assert.Equal((-gap, gap), (data[1].GetProperty("zmin").GetDouble(), data[1].GetProperty("zmax").GetDouble()));
        Assert.False(data[0].TryGetProperty("zmin", out _));
    }

    [Fact]
    public void AnimationFramesGrowThePathOnEverySurfaceWithoutTouchingVisibility()
    {
        var plane = Plane(SurfaceQuantities.Test, SurfaceQuantities.Gap);
        var path = Path(6);
        using var json = Json(LandscapeViews.Landscape(plane, [path], [], new ViewOptions()));
        var frames = json.RootElement.GetProperty("frames");
        Assert.Equal(6, frames.GetArrayLength());
        var third = frames[2];

        // Per surface: the path, then its drop lines to the surface.
        Assert.Equal([1, 2, 4, 5], third.GetProperty("traces").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(path.Loss.Take(3).ToArray(), Doubles(third.GetProperty("data")[0].GetProperty("z")));
        Close(path.Loss.Zip(path.TrainLoss!, (t, r) => t - r).Take(3).ToArray(), Doubles(third.GetProperty("data")[2].GetProperty("z")), 1e-15);
        Assert.Equal(path.Distance!.Take(3).ToArray(), third.GetProperty("data")[2].GetProperty("customdata").EnumerateArray().Select(r => r[2].GetDouble()).ToArray());
        Assert.All(third.GetProperty("data").EnumerateArray(), t => Assert.False(t.TryGetProperty("visible", out _)));
    }

    [Fact]
    public void APathWithoutItsTrainingLossOverATrainingSurfaceIsNamedInTheError()
    {
        var path = Path(5) with { TrainLoss = null };
        var error = Assert.Throws<ArgumentException>(() => LandscapeViews.Landscape(Plane(SurfaceQuantities.Test, SurfaceQuantities.Train), [path], [], Still));
        Assert.Contains("SGD path", error.Message, StringComparison.Ordinal);
        Assert.Contains("TrainLoss", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SurfacesOnDifferentGridsAreRefused()
    {
        var other = new LossLandscape.Surface.LossSurface(AxisB, AxisA, "a", "b", new double[AxisA.Count * AxisB.Count]);
        var plane = Plane(SurfaceQuantities.Test) with { Surfaces = [Plane(SurfaceQuantities.Test).Surfaces[0], new PlaneSurface(SurfaceQuantities.Train, other)] };
        Assert.Throws<ArgumentException>(() => LandscapeViews.Contour(plane, [], [], [], Still));
    }

    [Fact]
    public void TheCoresSurfacesBecomeTheViewsInputInTheOrderTestTrainGap()
    {
        var test = PlaneSample.Surface(PlaneSample.Test);
        var gap = PlaneSample.Surface((a, b) => PlaneSample.Test(a, b) - Train(a, b));
        var view = PlaneView.From(new PlaneSurfaces(test, null, gap), "d₁", "d₂");
        Assert.Equal([SurfaceQuantities.Test, SurfaceQuantities.Gap], view.Surfaces.Select(s => s.Kind).ToArray());
        Assert.Same(gap, view.Surfaces[1].Surface);
        Assert.Equal(("a: d₁", "b: d₂"), (view.Axis1Label, view.Axis2Label));
        Assert.False(view.IsWeightsPlane);
        var both = view with { Surfaces = [new PlaneSurface(SurfaceQuantities.Test | SurfaceQuantities.Train, test)] };
        Assert.Throws<ArgumentException>(() => LandscapeViews.Landscape(both, [], [], Still));
    }
}
