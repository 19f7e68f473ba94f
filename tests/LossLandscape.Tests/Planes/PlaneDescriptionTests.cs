using System.Globalization;
using LossLandscape.Analysis;
using LossLandscape.Landscape;
using LossLandscape.Planes;

namespace LossLandscape.Tests.Planes;

/// <summary>analysis.json says which plane the analysis is on, with the settings that made it.</summary>
public sealed class PlaneDescriptionTests
{
    [Fact]
    public void RandomPlaneNamesItsSeedNormalisationAndBiases()
    {
        var c = MlpCase.All["tanh-8-bias"];
        var directions = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Random, DirectionSeed = 7, Normalize = DirectionNormalization.Layer, Biases = BiasTreatment.Keep }, c.Layout, c.Records);
        var text = PlaneDescription.Describe(directions, "a", "b")!;
        Assert.Contains("a random plane, θ₀ the final parameters", text, StringComparison.Ordinal);
        Assert.Contains("direction seed 7, layer-normalised, biases kept", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PcaPlaneGivesItsExplainedVariance()
    {
        var c = MlpCase.All["tanh-8-bias"];
        var directions = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Pca }, c.Layout, c.Records);
        var text = PlaneDescription.Describe(directions, "a", "b")!;
        var first = (100 * directions.ExplainedVarianceRatio![0]).ToString("0.0", CultureInfo.InvariantCulture);
        var second = (100 * directions.ExplainedVarianceRatio![1]).ToString("0.0", CultureInfo.InvariantCulture);
        Assert.Contains($"first two principal components at unit length ({first} % and {second} % of the path's variance), bias entries zero", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PointsPlaneNamesItsRecordsAndAnalysisFileWritesIt()
    {
        var c = MlpCase.All["tanh-8-bias"];
        var spec = new PlaneSpec { Kind = PlaneKind.Points, Points = [PlanePoint.OfRecord(0), PlanePoint.OfRecord(2), PlanePoint.OfRecord(4)] };
        var directions = PlaneBuilder.Build(spec, c.Layout, c.Records);
        var text = PlaneDescription.Describe(directions, "a", "b")!;
        Assert.Contains("the plane through three points (record 0,record 2,record 4) at (a, b) = (0, 0), (1, 0) and (0, 1)", text, StringComparison.Ordinal);
        Assert.Null(PlaneDescription.Describe(new PlaneDirections { Kind = PlaneKind.Weights, Layout = c.Layout }, "w1", "w2"));

        var analysis = new SurfaceAnalysis { CriticalPoints = [], Valley = [], Trajectory = [], Axis1Name = "a", Axis2Name = "b", Hidden = 0, PlaneDescription = text };
        using var stream = new MemoryStream();
        AnalysisFile.Write(stream, analysis);
        using var json = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        Assert.Equal(text, json.RootElement.GetProperty("plane").GetString());
    }
}
