using static LossLandscape.Plotting.Tests.PlaneSample;

namespace LossLandscape.Plotting.Tests;

public sealed class LineFigureTests
{
    private static LineView Line()
    {
        var alpha = Enumerable.Range(0, 201).Select(k => -0.5 + (k * 0.01)).ToArray();
        return new LineView
        {
            Alpha = alpha,
            TestLoss = alpha.Select(a => 0.1 + ((a - 1) * (a - 1))).ToArray(),
            TrainLoss = alpha.Select(a => 0.05 + (0.9 * (a - 1) * (a - 1))).ToArray(),
            FromLabel = "first record <epoch 0>",
            ToLabel = "last record",
            PathName = "SGD & momentum",
            Records = new LineRecords
            {
                Alpha = [0, 0.255, 0.5, 1],
                Epochs = [0, 1, 2, 3],
                Steps = [0, 25, 50, 75],
                Distance = [0, 0.3, 0.2, 0],
                TestLoss = [1.1, 0.6, 0.3, 0.1],
                TrainLoss = [0.95, 0.5, 0.25, 0.05],
            },
        };
    }

    [Fact]
    public void CurvesAreTheLossesAlongTheLineAndTheRecordsSitOnThemAtTheirAlpha()
    {
        var line = Line();
        using var json = Json(LineFigure.Build(line, new ViewOptions()));
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(5, data.GetArrayLength());
        Assert.Equal(("training loss", "test loss"), (data[0].GetProperty("name").GetString(), data[1].GetProperty("name").GetString()));
        Assert.Equal(line.Alpha, Doubles(data[1].GetProperty("x")));
        Assert.Equal(line.TestLoss, Doubles(data[1].GetProperty("y")));
        Assert.Equal(line.TrainLoss, Doubles(data[0].GetProperty("y")));

        var records = data[3];
        Assert.Equal("records on the test loss", records.GetProperty("name").GetString());
        Assert.Equal(line.Records!.Alpha, Doubles(records.GetProperty("x")));

        // α = 0.255 lies between grid points 0.25 and 0.26: the mark is on the chord between them.
        var y = Doubles(records.GetProperty("y"));
        Assert.Equal(1.1, y[0], 1e-12);
        Assert.Equal((0.5 * (0.1 + (0.75 * 0.75))) + (0.5 * (0.1 + (0.74 * 0.74))), y[1], 1e-12);
        Assert.Equal(0.1, y[3], 1e-12);
        Assert.Equal(0.3, records.GetProperty("customdata")[1][2].GetDouble());
        Assert.Equal(0.6, records.GetProperty("customdata")[1][3].GetDouble());
        var hover = records.GetProperty("hovertemplate").GetString()!;
        Assert.Contains("<b>SGD &amp; momentum</b>", hover, StringComparison.Ordinal);
        Assert.Contains("distance to the line", hover, StringComparison.Ordinal);
        Assert.Contains("true training loss", hover, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointsAreMarkedAndLabelledEscaped()
    {
        using var json = Json(LineFigure.Build(Line(), new ViewOptions()));
        var ends = json.RootElement.GetProperty("data")[4];
        Assert.Equal([0.0, 1.0], Doubles(ends.GetProperty("x")));
        Assert.Equal([1.1, 0.1], Doubles(ends.GetProperty("y")).Select(v => Math.Round(v, 12)).ToArray());
        Assert.Equal("first record &lt;epoch 0&gt;", ends.GetProperty("text")[0].GetString());
        var annotations = json.RootElement.GetProperty("layout").GetProperty("annotations");
        Assert.Equal("α = 0: first record &lt;epoch 0&gt;", annotations[0].GetProperty("text").GetString());
        Assert.Equal("α = 1: last record", annotations[1].GetProperty("text").GetString());
        Assert.Equal("rgb(17,17,17)", json.RootElement.GetProperty("layout").GetProperty("paper_bgcolor").GetString());
    }

    [Fact]
    public void LogScalePlacesTheEndLabelsInDecades()
    {
        using var json = Json(LineFigure.Build(Line() with { TrainLoss = null, Records = null }, new ViewOptions { LogLoss = true }));
        Assert.Equal(2, json.RootElement.GetProperty("data").GetArrayLength());
        var layout = json.RootElement.GetProperty("layout");
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal(Math.Log10(0.1), layout.GetProperty("annotations")[1].GetProperty("y").GetDouble(), 1e-12);
    }

    [Fact]
    public void ALineWithMismatchedLossesIsRefused()
    {
        Assert.Throws<ArgumentException>(() => LineFigure.Build(Line() with { TestLoss = [1.0, 2.0] }, new ViewOptions()));
    }
}
