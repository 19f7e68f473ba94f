using LossLandscape.Data;
using LossLandscape.Landscape;
using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Planes;

/// <summary>Directions, normalisations, PCA, projections and lines against reference/mlp.json (numpy, scikit-learn, PyTorch).</summary>
public sealed class MlpReferenceTests
{
    public static TheoryData<string> Cases => MlpCase.Names;

    /// <summary>The tests' own MLP reproduces PyTorch's grid losses, so the loss checks below can trust it.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ReferenceMlpMatchesTorchGridLosses(string name)
    {
        var c = MlpCase.All[name];
        var model = c.Model;
        var (x, y) = MlpCase.Test;
        var (xt, yt) = MlpCase.Train;
        var d = c.Json.GetProperty("normalized").GetProperty("filter").GetProperty("ignore").EnumerateArray().Select(Reference.Doubles).ToArray();
        var ga = Reference.Doubles(c.Json.GetProperty("grid_a"));
        var gb = Reference.Doubles(c.Json.GetProperty("grid_b"));
        var test = c.Json.GetProperty("test_loss").EnumerateArray().Select(Reference.Doubles).ToArray();
        var train = c.Json.GetProperty("train_loss").EnumerateArray().Select(Reference.Doubles).ToArray();
        var theta = new double[c.Layout.Count];
        for (var i = 0; i < ga.Length; i += 2)
        {
            for (var j = 0; j < gb.Length; j += 2)
            {
                for (var n = 0; n < theta.Length; n++)
                {
                    theta[n] = c.Theta[n] + (ga[i] * d[0][n]) + (gb[j] * d[1][n]);
                }

                Assert.Equal(test[i][j], model.Loss(theta, x, y), 1e-9 * test[i][j]);
                Assert.Equal(train[i][j], model.Loss(theta, xt, yt), 1e-9 * train[i][j]);
            }
        }
    }

    /// <summary>The seed of each case's RandomState (CASES in peers/mlp_reference.py; mlp.json does not repeat it).</summary>
    private static readonly Dictionary<string, uint> CaseSeeds = new()
    {
        ["tanh-8-bias"] = 1,
        ["relu-16-16-bias"] = 2,
        ["gelu-4-4-nobias"] = 3,
        ["sigmoid-8-bias"] = 4,
    };

    /// <summary>
    /// RandomDirections draws what numpy's RandomState(seed).normal(size=P) draws, bit for bit: the reference draws the
    /// initial weights first (P uniforms) from the same RandomState, so the test skips those; and the drawn directions,
    /// normalised, match the reference's normalised directions within 1e-12.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomDirectionsAreNumpysDraws(string name)
    {
        var c = MlpCase.All[name];
        var random = new LegacyRandom(CaseSeeds[name]);
        for (var i = 0; i < c.Layout.Count; i++)
        {
            random.NextDouble();
        }

        var (d1, d2) = RandomDirections.Draw(random, c.Layout.Count);
        Assert.Equal(c.D1Raw, d1);
        Assert.Equal(c.D2Raw, d2);
        var expected = c.Json.GetProperty("normalized").GetProperty("filter").GetProperty("ignore").EnumerateArray().Select(Reference.Doubles).ToArray();
        AssertClose(expected[0], DirectionNormalizer.Normalize(d1, c.Theta, c.Layout, DirectionNormalization.Filter, BiasTreatment.Ignore), 1e-12);
        AssertClose(expected[1], DirectionNormalizer.Normalize(d2, c.Theta, c.Layout, DirectionNormalization.Filter, BiasTreatment.Ignore), 1e-12);

        // A fresh generator with the seed draws d₁ first: the same stream without the init's draws.
        var fresh = new LegacyRandom(CaseSeeds[name]);
        var first = new double[c.Layout.Count];
        fresh.FillNormal(first, 0, 1);
        Assert.Equal(first, RandomDirections.Draw(CaseSeeds[name], c.Layout.Count).D1);
    }

    /// <summary>Every normalisation × bias treatment, from the raw directions and the centre, within 1e-12.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryNormalizationMatchesLossLandscape(string name)
    {
        var c = MlpCase.All[name];
        var normalized = c.Json.GetProperty("normalized");
        var checkedCount = 0;
        foreach (var normalization in Enum.GetValues<DirectionNormalization>())
        {
            foreach (var biases in Enum.GetValues<BiasTreatment>())
            {
                var expected = normalized.GetProperty(PlaneNames.Name(normalization)).GetProperty(PlaneNames.Name(biases)).EnumerateArray().Select(Reference.Doubles).ToArray();
                var d1 = DirectionNormalizer.Normalize(c.D1Raw, c.Theta, c.Layout, normalization, biases);
                var d2 = DirectionNormalizer.Normalize(c.D2Raw, c.Theta, c.Layout, normalization, biases);
                AssertClose(expected[0], d1, 1e-12);
                AssertClose(expected[1], d2, 1e-12);
                checkedCount++;
            }
        }

        Assert.Equal(8, checkedCount);
    }

    /// <summary>PCA directions and explained variance ratios from the float64 training records, within 1e-9.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void PcaMatchesScikitLearn(string name)
    {
        var c = MlpCase.All[name];
        var pca = c.Json.GetProperty("pca");
        var fit = PcaDirections.Fit(c.Records, c.Theta, c.Layout, BiasTreatment.Ignore);
        AssertClose(Reference.Doubles(pca.GetProperty("d1")), fit.D1, 1e-9);
        AssertClose(Reference.Doubles(pca.GetProperty("d2")), fit.D2, 1e-9);
        AssertClose(Reference.Doubles(pca.GetProperty("explained_variance_ratio")), fit.ExplainedVarianceRatio, 1e-9);
    }

    /// <summary>
    /// Every record's (a, b) and distance on the PCA plane built by <see cref="PlaneBuilder"/> within 1e-8, and its true
    /// test loss and the loss at its projection (<see cref="LossLandscape.Landscape.PlaneStage.Project"/> with the tests' reference MLP and the
    /// library's <see cref="Mlp"/>) within 1e-8 relative.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void PcaProjectionsMatchReference(string name)
    {
        var c = MlpCase.All[name];
        var directions = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Pca }, c.Layout, c.Records);
        var (x, y) = MlpCase.Test;
        foreach (var model in new IModel[] { c.Model, c.LibraryModel })
        {
            AssertProjections(c, Projections.Of(directions, model, c.Records, x, y));
        }

        // The centre is the last record: on the plane at (0, 0).
        var last = directions.Projector.Project(c.Records[^1]);
        Assert.Equal(0, last.A, 1e-15);
        Assert.Equal(0, last.B, 1e-15);
        Assert.True(last.Distance < 1e-12, $"distance {last.Distance}");
    }

    private static void AssertProjections(MlpCase c, LossLandscape.Landscape.RecordProjection[] projections)
    {
        var expected = c.Json.GetProperty("pca").GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, projections.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k].GetProperty("a").GetDouble(), projections[k].A, 1e-8);
            Assert.Equal(expected[k].GetProperty("b").GetDouble(), projections[k].B, 1e-8);
            Assert.Equal(expected[k].GetProperty("distance").GetDouble(), projections[k].Distance, 1e-8);
            var trueLoss = expected[k].GetProperty("test_loss").GetDouble();
            Assert.Equal(trueLoss, projections[k].TestLoss, 1e-8 * trueLoss);
            var surfaceLoss = expected[k].GetProperty("surface_loss").GetDouble();
            Assert.Equal(surfaceLoss, projections[k].SurfaceLoss, 1e-8 * surfaceLoss);
        }
    }

    /// <summary>The line from the start to the end: its losses within 1e-9, and α = 0, 1 give the endpoints' losses exactly.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void LineMatchesReference(string name)
    {
        var c = MlpCase.All[name];
        var directions = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Line }, c.Layout, c.Records);
        var line = directions.Line!;
        var expected = c.Json.GetProperty("line").EnumerateArray().ToArray();
        var alphas = expected.Select(e => e.GetProperty("alpha").GetDouble()).ToArray();
        var model = c.Model;
        var (x, y) = MlpCase.Test;
        var (xt, yt) = MlpCase.Train;
        foreach (var m in new IModel[] { model, c.LibraryModel })
        {
            var test = line.Losses(m, alphas, x, y);
            var train = line.Losses(m, alphas, xt, yt);
            for (var k = 0; k < alphas.Length; k++)
            {
                Assert.Equal(expected[k].GetProperty("test_loss").GetDouble(), test[k], 1e-9 * test[k]);
                Assert.Equal(expected[k].GetProperty("train_loss").GetDouble(), train[k], 1e-9 * train[k]);
            }
        }

        var ends = line.Losses(model, [0.0, 1.0], x, y);
        Assert.Equal(model.Loss(c.Records[0], x, y), ends[0]);
        Assert.Equal(model.Loss(c.Records[^1], x, y), ends[1]);
        Assert.Equal((0.0, 0.0), line.Project(c.Records[0]));
        var (alpha, distance) = line.Project(c.Records[^1]);
        Assert.Equal(1, alpha, 1e-14);
        Assert.True(distance < 1e-12);
    }

    internal static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"entry {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance})");
        }
    }
}
