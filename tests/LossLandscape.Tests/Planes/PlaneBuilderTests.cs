using LossLandscape.Models;
using LossLandscape.Planes;
using LossLandscape.Surface;

namespace LossLandscape.Tests.Planes;

public sealed class PlaneBuilderTests
{
    private static readonly ModelLayout Mlp = ModelLayout.ForMlp([1, 3, 2, 1], bias: true);

    private static double[][] Path(ModelLayout layout, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, layout.Count).Select(_ => (random.NextDouble() * 2) - 1).ToArray()).ToArray();
    }

    /// <summary>The weights plane built from a layout is today's SurfacePlane.Weights, bit for bit.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void WeightsPlaneIsTodaysPlane(int hidden)
    {
        var model = new TanhModel(hidden);
        var built = PlaneBuilder.Build(new PlaneSpec(), model.Layout, []);
        var today = SurfacePlane.Weights(model.Network);
        Assert.Equal(today.Origin, built.Plane!.Origin);
        Assert.Equal(today.Direction1, built.Plane.Direction1);
        Assert.Equal(today.Direction2, built.Plane.Direction2);
        Assert.Equal(("w1", "w2"), (built.Plane.Axis1Name, built.Plane.Axis2Name));
    }

    /// <summary>On the weights plane a path of equal units projects to (w1, w2) exactly, at distance 0.</summary>
    [Fact]
    public void WeightsPlaneProjectsEqualUnitsExactly()
    {
        var model = new TanhModel(5);
        var directions = PlaneBuilder.Build(new PlaneSpec(), model.Layout, []);
        var random = new Random(3);
        for (var k = 0; k < 200; k++)
        {
            var (w1, w2) = ((random.NextDouble() * 6) - 3, (random.NextDouble() * 6) - 3);
            var projection = directions.Projector.Project(model.Network.Uniform(w1, w2));
            Assert.Equal(new PlaneProjection(w1, w2, 0), projection);
        }

        // The honest projection of a path of equal units: the losses at the record and at its projection are the same.
        var x = Enumerable.Range(0, 40).Select(k => (k / 10.0) - 2).ToArray();
        var y = x.Select(v => Math.Tanh(1.5 * v)).ToArray();
        var path = new[] { model.Network.Uniform(-1, -1), model.Network.Uniform(0.25, 0.5), model.Network.Uniform(1.5, 0.2) };
        var honest = Projections.Of(directions, model, path, x, y);
        Assert.Equal([-1.0, 0.25, 1.5], honest.Select(p => p.A));
        Assert.Equal([-1.0, 0.5, 0.2], honest.Select(p => p.B));
        Assert.All(honest, p => Assert.Equal(0, p.Distance));
        Assert.All(honest, p => Assert.Equal(p.TestLoss, p.SurfaceLoss));

        var one = PlaneBuilder.Build(new PlaneSpec(), new TanhModel(1).Layout, []);
        Assert.Equal(new PlaneProjection(-0.75, 1.25, 0), one.Projector.Project([-0.75, 1.25]));
    }

    [Fact]
    public void WeightsPlaneRefusesModelsItCannotDescribe()
    {
        var e = Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(new PlaneSpec(), Mlp, []));
        Assert.Equal("plane", e.Option);
        Assert.Contains("1,N,1", e.Message, StringComparison.Ordinal);
        Assert.False(PlaneBuilder.CanUseWeightsPlane(ModelLayout.ForMlp([1, 4, 1], bias: true)));
        Assert.True(PlaneBuilder.CanUseWeightsPlane(ModelLayout.ForMlp([1, 4, 1], bias: false)));
    }

    /// <summary>The three points of a points plane sit at (0, 0), (1, 0) and (0, 1), on the plane, with their own losses.</summary>
    [Fact]
    public void PointsPlanePutsItsPointsAtTheUnitCorners()
    {
        var model = new QuadraticModel(3, seed: 5);
        var path = Path(model.Layout, 6, seed: 1);
        var spec = new PlaneSpec { Kind = PlaneKind.Points, Points = [PlanePoint.OfRecord(1), PlanePoint.OfRecord(4), PlanePoint.OfRecord(2)] };
        var directions = PlaneBuilder.Build(spec, model.Layout, path);
        var projections = directions.Project([path[1], path[4], path[2]]);
        (double A, double B)[] corners = [(0, 0), (1, 0), (0, 1)];
        double[] y = [0.5];
        var theta = new double[model.ParameterCount];
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(corners[k].A, projections[k].A, 1e-14);
            Assert.Equal(corners[k].B, projections[k].B, 1e-14);
            Assert.True(projections[k].Distance < 1e-12, $"distance {projections[k].Distance}");
            directions.Plane!.PointAt(corners[k].A, corners[k].B, theta);
            var original = new[] { path[1], path[4], path[2] }[k];
            Assert.Equal(model.Loss(original, [0.0], y), model.Loss(theta, [0.0], y), 1e-13);
        }

        // A record off the plane has a positive distance that matches its residual computed directly.
        var off = directions.Projector.Project(path[5]);
        directions.Plane!.PointAt(off.A, off.B, theta);
        var residual = Math.Sqrt(path[5].Zip(theta, (p, q) => (p - q) * (p - q)).Sum());
        Assert.Equal(residual, off.Distance, 1e-14);
        Assert.True(off.Distance > 0.1);
    }

    /// <summary>A point on the plane far from the origin has distance below 1e-12; a tiny offset off it is measured without cancellation.</summary>
    [Fact]
    public void ProjectionIsAccurateFarFromTheOrigin()
    {
        var random = new Random(11);
        const int N = 400;
        double[] Vector(double scale) => Enumerable.Range(0, N).Select(_ => scale * ((random.NextDouble() * 2) - 1)).ToArray();
        var origin = Vector(100);
        var d1 = Vector(1);
        var d2 = Vector(1);
        var plane = new SurfacePlane(origin, d1, d2, "a", "b");
        var projector = new PlaneProjector(plane);
        var theta = new double[N];
        plane.PointAt(37.25, -12.5, theta);
        var on = projector.Project(theta);
        Assert.True(on.Distance < 1e-12, $"distance {on.Distance}");
        Assert.Equal(37.25, on.A, 1e-12);
        Assert.Equal(-12.5, on.B, 1e-12);

        // e ⟂ d₁, d₂ of length 1e-7: the distance is 1e-7 to about 1e-13 (the rounding of θ's entries of size 100).
        var e = Vector(1);
        foreach (var d in new[] { d1, d2, d1, d2 })
        {
            var c = e.Zip(d, (p, q) => p * q).Sum() / d.Sum(v => v * v);
            for (var i = 0; i < N; i++)
            {
                e[i] -= c * d[i];
            }
        }

        var en = Math.Sqrt(e.Sum(v => v * v));
        var off = theta.Select((t, i) => t + (1e-7 * e[i] / en)).ToArray();
        var p = projector.Project(off);
        Assert.Equal(1e-7, p.Distance, 1e-12);
        Assert.Equal(37.25, p.A, 1e-10);
    }

    public static TheoryData<PlaneSpec, string> UnusedOptions => new()
    {
        { new PlaneSpec { Normalize = DirectionNormalization.Layer }, "normalize" },
        { new PlaneSpec { Biases = BiasTreatment.Keep }, "biases" },
        { new PlaneSpec { DirectionSeed = 3 }, "direction-seed" },
        { new PlaneSpec { Center = CenterKind.Init }, "center" },
        { new PlaneSpec { Kind = PlaneKind.Pca, Normalize = DirectionNormalization.Filter }, "normalize" },
        { new PlaneSpec { Kind = PlaneKind.Pca, DirectionSeed = 1 }, "direction-seed" },
        { new PlaneSpec { Kind = PlaneKind.Random, Points = [PlanePoint.OfRecord(0), PlanePoint.OfRecord(1), PlanePoint.OfRecord(2)] }, "points" },
        { new PlaneSpec { Kind = PlaneKind.Points, Points = [PlanePoint.OfRecord(0), PlanePoint.OfRecord(1), PlanePoint.OfRecord(2)], Biases = BiasTreatment.Ignore }, "biases" },
        { new PlaneSpec { Kind = PlaneKind.Line, Center = CenterKind.Final }, "center" },
        { new PlaneSpec { Kind = PlaneKind.Random, From = PlanePoint.OfRecord(0) }, "from" },
        { new PlaneSpec { Kind = PlaneKind.Pca, To = PlanePoint.OfRecord(0) }, "to" },
    };

    [Theory]
    [MemberData(nameof(UnusedOptions))]
    public void OptionsThePlaneDoesNotUseAreRefused(PlaneSpec spec, string field)
    {
        var e = Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(spec, Mlp, Path(Mlp, 5, 1)));
        Assert.Equal(field, e.Option);
        Assert.Contains(PlaneNames.Name(spec.Kind), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadPlanesAreRefusedWithTheirField()
    {
        var path = Path(Mlp, 5, 1);
        var points = (int i, int j, int k) => new PlaneSpec { Kind = PlaneKind.Points, Points = [PlanePoint.OfRecord(i), PlanePoint.OfRecord(j), PlanePoint.OfRecord(k)] };
        Assert.Equal("points", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(points(0, 1, 5), Mlp, path)).Option);
        Assert.Contains("0..4", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(points(0, -1, 2), Mlp, path)).Message, StringComparison.Ordinal);
        Assert.Equal("points", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(points(0, 0, 2), Mlp, path)).Option);
        Assert.Equal("points", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Points, Points = [PlanePoint.OfRecord(0)] }, Mlp, path)).Option);

        // Collinear points: d₂ is parallel to d₁.
        var line = new[] { path[0], path[0].Select(v => v + 1).ToArray(), path[0].Select(v => v + 2).ToArray() };
        Assert.Equal("points", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(points(0, 1, 2), Mlp, line)).Option);

        // A given point with the wrong parameter count.
        var wrong = new PlaneSpec { Kind = PlaneKind.Points, Points = [PlanePoint.OfRecord(0), PlanePoint.OfVector(new double[3], "w.npy:0"), PlanePoint.OfRecord(2)] };
        var e = Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(wrong, Mlp, path));
        Assert.Equal("points", e.Option);
        Assert.Contains($"w.npy:0 has 3 parameters; the model has {Mlp.Count}", e.Message, StringComparison.Ordinal);

        // PCA needs three records; records that do not span a plane give a zero direction.
        Assert.Equal("plane", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Pca }, Mlp, path[..2])).Option);
        Assert.Contains("zero direction", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Pca }, Mlp, line)).Message, StringComparison.Ordinal);

        // Filter normalisation against a zero centre: a zero direction.
        var zero = new PlaneSpec { Kind = PlaneKind.Random, Center = CenterKind.Given, CenterVector = new double[Mlp.Count], CenterSource = "zeros.json" };
        Assert.Equal("normalize", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(zero, Mlp, path)).Option);
        Assert.Equal("center", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(zero with { CenterVector = new double[2] }, Mlp, path)).Option);
        Assert.Equal("center", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Random, Center = CenterKind.Given }, Mlp, path)).Option);

        // A line between equal ends.
        Assert.Equal("plane", Assert.Throws<InvalidOptionException>(() => PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Line, To = PlanePoint.OfRecord(0) }, Mlp, path)).Option);
    }

    /// <summary>The random plane: centre final by default, directions drawn from the seed and normalised against the centre.</summary>
    [Fact]
    public void RandomPlaneUsesItsOptions()
    {
        var path = Path(Mlp, 4, 2);
        var built = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Random }, Mlp, path);
        Assert.Equal(path[^1], built.Plane!.Origin);
        var (r1, r2) = RandomDirections.Draw(0, Mlp.Count);
        Assert.Equal(DirectionNormalizer.Normalize(r1, path[^1], Mlp, DirectionNormalization.Filter, BiasTreatment.Ignore), built.Plane.Direction1);
        Assert.Equal(DirectionNormalizer.Normalize(r2, path[^1], Mlp, DirectionNormalization.Filter, BiasTreatment.Ignore), built.Plane.Direction2);
        Assert.Equal(("final", DirectionNormalization.Filter, BiasTreatment.Ignore, 0u), (built.Center, built.Normalize!.Value, built.Biases!.Value, built.DirectionSeed!.Value));

        var other = PlaneBuilder.Build(new PlaneSpec { Kind = PlaneKind.Random, DirectionSeed = 9, Center = CenterKind.Init, Normalize = DirectionNormalization.Layer, Biases = BiasTreatment.Keep }, Mlp, path);
        Assert.Equal(path[0], other.Plane!.Origin);
        var bias = Mlp["0.bias"];
        Assert.Equal(path[0][bias.Range], other.Plane.Direction1[bias.Range]);
        var weight = Mlp["2.weight"];
        Assert.Equal(
            DirectionNormalizer.Norm(path[0][weight.Range]),
            DirectionNormalizer.Norm(other.Plane.Direction2[weight.Range]),
            1e-14);
    }
}
