using LossLandscape.Surface;
using static LossLandscape.Plotting.Tests.PlaneSample;

namespace LossLandscape.Plotting.Tests;

public sealed class ProjectionFigureTests
{
    private static readonly ViewOptions Still = new() { Animate = false };

    [Fact]
    public void ChartPlotsEachRecordsDistanceAndItsTrueTestLossBesideTheSurfacesAtItsProjection()
    {
        var path = Path(14);
        var figure = ProjectionFigure.Build(Plane(SurfaceQuantities.Test), [path], Still);
        Assert.NotNull(figure);
        using var json = Json(figure);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(3, data.GetArrayLength());
        Assert.Equal(path.Epochs.Select(e => (double)e).ToArray(), Doubles(data[0].GetProperty("x")));
        Assert.Equal(path.Distance, Doubles(data[0].GetProperty("y")));
        Assert.Equal(path.Loss, Doubles(data[1].GetProperty("y")));
        Assert.Equal(path.SurfaceLoss, Doubles(data[2].GetProperty("y")));
        Assert.Equal(("x2", "y2"), (data[1].GetProperty("xaxis").GetString(), data[1].GetProperty("yaxis").GetString()));
        var layout = json.RootElement.GetProperty("layout");
        Assert.Equal("distance to the plane", Text(layout.GetProperty("yaxis").GetProperty("title")));
        Assert.Equal("epoch", Text(layout.GetProperty("xaxis2").GetProperty("title")));
        Assert.Equal("x", layout.GetProperty("xaxis2").GetProperty("matches").GetString());
    }

    [Fact]
    public void WeightsPlaneAndUnprojectedPathsGetNoChart()
    {
        Assert.Null(ProjectionFigure.Build(PlaneView.Of(SeedProblem.Surface), [SeedProblem.Path(5)], Still));
        Assert.Null(ProjectionFigure.Build(Plane(SurfaceQuantities.Test), [SeedProblem.Path(5)], Still));
        var projected = Path(5);
        Assert.Null(ProjectionFigure.Build(PlaneView.Of(SeedProblem.Surface), [projected], Still));
        Assert.True(new PlaneView { Surfaces = [new PlaneSurface(SurfaceQuantities.Test, SeedProblem.Surface)] }.IsWeightsPlane);
        Assert.False(Plane(SurfaceQuantities.Test).IsWeightsPlane);
        Assert.Single(ProjectionFigure.Page(LandscapeViews.Landscape(SeedProblem.Surface, [SeedProblem.Path(5)], [], Still), null));
    }

    [Fact]
    public void RacesChartEveryContestantInItsColourWithEscapedLabels()
    {
        var paths = new[] { Path(10, "sgd <fast>"), Path(20, "adam", 0.7) with { LineColor = "#00cc96" } };
        var figure = ProjectionFigure.Build(Plane(SurfaceQuantities.Test), paths, Still with { LogLoss = true })!;
        using var json = Json(figure);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(6, data.GetArrayLength());
        Assert.Equal("sgd &lt;fast&gt;", data[0].GetProperty("name").GetString());
        Assert.Contains("<b>sgd &lt;fast&gt;</b>", data[1].GetProperty("hovertemplate").GetString()!, StringComparison.Ordinal);
        Assert.Equal(paths[1].Distance, Doubles(data[3].GetProperty("y")));
        Assert.Equal("#00cc96", data[5].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("dot", data[5].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("log", json.RootElement.GetProperty("layout").GetProperty("yaxis2").GetProperty("type").GetString());
    }

    [Fact]
    public void DropLinesJoinEachRecordsTrueLossToTheSurfaceBelowOrAboveIt()
    {
        var path = Path(7);
        using var json = Json(LandscapeViews.Landscape(Plane(SurfaceQuantities.Test), [path], [], Still));
        var drop = json.RootElement.GetProperty("data")[2];
        Assert.Equal("lines", drop.GetProperty("mode").GetString());
        Assert.Equal(0.75, json.RootElement.GetProperty("data")[0].GetProperty("opacity").GetDouble());
        var z = drop.GetProperty("z");
        Assert.Equal(3 * path.A.Count, z.GetArrayLength());
        for (var k = 0; k < path.A.Count; k++)
        {
            Assert.Equal(path.A[k], drop.GetProperty("x")[3 * k].GetDouble());
            Assert.Equal(path.Loss[k], z[3 * k].GetDouble());
            Assert.Equal(path.SurfaceLoss![k], z[(3 * k) + 1].GetDouble());
            Assert.Equal("NaN", z[(3 * k) + 2].GetString());
        }
    }

    [Fact]
    public void RaceViewsTitleTheAxesByThePlaneAndGiveEachContestantsDistances()
    {
        var plane = Plane(SurfaceQuantities.Test, SurfaceQuantities.Gap);
        var racers = new[] { Path(9, "sgd"), Path(12, "adam <β=0.9>", 0.5) }.Select(p => new RacePath
        {
            Label = p.Name,
            Path = p,
            EpochPosition = p.Epochs.Select(e => (double)e).ToArray(),
        }).ToArray();
        using var race = Json(CompareFigure.Build(plane, racers, [], Still));
        var scene = race.RootElement.GetProperty("layout").GetProperty("scene");
        Assert.Equal("a: PC1 · 72.0 % of the path's variance", Text(scene.GetProperty("xaxis").GetProperty("title")));
        // One copy of each path per surface: at the true test loss over the test surface, at the true gap over the
        // gap surface, which is hidden until its button is pressed.
        var adams = race.RootElement.GetProperty("data").EnumerateArray().Where(t => t.GetProperty("type").GetString() == "scatter3d" && t.GetProperty("name").GetString() == "adam &lt;β=0.9&gt;").ToArray();
        Assert.Equal(2, adams.Length);
        var adam = adams[0];
        Assert.False(adam.TryGetProperty("visible", out _));
        Assert.False(adams[1].GetProperty("visible").GetBoolean());
        Assert.Equal(racers[1].Path.TrueLoss(SurfaceQuantities.Gap), Doubles(adams[1].GetProperty("z")));
        Assert.Equal(2, race.RootElement.GetProperty("layout").GetProperty("updatemenus")[0].GetProperty("buttons").GetArrayLength());
        Assert.Equal(racers[1].Path.A, Doubles(adam.GetProperty("x")));
        Assert.Equal(racers[1].Path.Loss, Doubles(adam.GetProperty("z")));
        Assert.Equal(racers[1].Path.Distance![6], adam.GetProperty("customdata")[6][2].GetDouble());
        Assert.Contains("distance to the plane", adam.GetProperty("hovertemplate").GetString()!, StringComparison.Ordinal);

        var figure = CompareFigure.Contour(plane, racers, [], [], Still);
        using var contour = Json(figure);
        Assert.Equal(2, contour.RootElement.GetProperty("layout").GetProperty("updatemenus")[0].GetProperty("buttons").GetArrayLength());
        var second = contour.RootElement.GetProperty("data")[ContourFigure.FirstPathTrace(figure, 2) + 3];
        Assert.Equal(racers[1].Path.B, Doubles(second.GetProperty("y")));
        Assert.Equal(racers[1].Path.Distance![3], second.GetProperty("customdata")[3][2].GetDouble());
    }
}
