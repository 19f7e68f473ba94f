using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;
using LossLandscape.Tests.Models;

namespace LossLandscape.Tests.Surface;

/// <summary>Surfaces of any model on any plane against PyTorch (reference/mlp.json) and against the model's own loss.</summary>
[Trait("Category", "Kernels")]
public sealed class PlaneSurfaceTests
{
    private static readonly RegressionSet Test = ScalarReference.SeedTestSet();
    private static readonly RegressionSet Train = ScalarReference.SeedTrainSet();

    public static TheoryData<string> Cases => MlpCase.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void TestAndTrainSurfacesOnTheFilterPlaneMatchPyTorch(string name)
    {
        var reference = MlpCase.Load(name);
        var model = new Mlp(reference.Spec);
        var (d1, d2) = reference.FilterDirections;
        var plane = new SurfacePlane(reference.Theta, d1, d2, "a", "b");
        var axisA = new GridAxis(-1, 1.0001, 0.25);
        var axisB = new GridAxis(-1, 1.0001, 0.5);
        Assert.Equal(Testing.Reference.Doubles(reference.Json.GetProperty("grid_a")), axisA.Values.ToArray());
        Assert.Equal(Testing.Reference.Doubles(reference.Json.GetProperty("grid_b")), axisB.Values.ToArray());
        var test = reference.Rows("test_loss");
        var train = reference.Rows("train_loss");
        foreach (var (precision, tolerance) in new[] { (SurfacePrecision.Double, 1e-9), (SurfacePrecision.Single, 1e-5) })
        {
            var surfaces = PlaneSurfaceEvaluator.Evaluate(model, plane, axisA, axisB, Test, Train, new PlaneSurfaceOptions { Quantities = SurfaceQuantities.All, Precision = precision });
            var worst = 0.0;
            for (var i = 0; i < axisA.Count; i++)
            {
                for (var j = 0; j < axisB.Count; j++)
                {
                    worst = Math.Max(worst, ScalarReference.RelativeError(surfaces.Test![i, j], test[i][j]));
                    worst = Math.Max(worst, ScalarReference.RelativeError(surfaces.Train![i, j], train[i][j]));
                    Assert.Equal(surfaces.Test[i, j] - surfaces.Train[i, j], surfaces.Gap![i, j]);
                }
            }

            Assert.True(worst < tolerance, $"{name} {precision}: worst relative error {worst:E2}");
        }
    }

    public static TheoryData<Activation, bool, int> ModelsAndSampleCounts()
    {
        var data = new TheoryData<Activation, bool, int>();
        foreach (var activation in Enum.GetValues<Activation>())
        {
            data.Add(activation, false, 37);
            data.Add(activation, true, 200);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndSampleCounts))]
    public void TheKernelAgreesWithTheModelsOwnLossOnARandomPlane(Activation activation, bool bias, int samples)
    {
        // Widths that are not multiples of four and sample counts that leave a partial tile.
        var model = new Mlp(new MlpSpec([1, 6, 7, 5, 1], activation, bias));
        var random = new Random(samples);
        var data = new RegressionSet(ScalarReference.Normal(random, samples, 2.0), ScalarReference.Normal(random, samples, 3.0));
        var plane = new SurfacePlane(model.Initialize(9), ScalarReference.Normal(random, model.ParameterCount, 0.3), ScalarReference.Normal(random, model.ParameterCount, 0.3), "a", "b");
        var axis = new GridAxis(-1, 1.01, 0.5);
        var theta = new double[model.ParameterCount];
        foreach (var (precision, tolerance) in new[] { (SurfacePrecision.Double, 1e-12), (SurfacePrecision.Single, 2e-6) })
        {
            var surface = PlaneSurfaceEvaluator.Evaluate(model, plane, axis, axis, data, null, new PlaneSurfaceOptions { Precision = precision }).Test!;
            for (var i = 0; i < axis.Count; i++)
            {
                for (var j = 0; j < axis.Count; j++)
                {
                    plane.PointAt(axis[i], axis[j], theta);
                    var expected = model.Loss(theta, data.X, data.Y);
                    Assert.True(ScalarReference.RelativeError(surface[i, j], expected) < tolerance, $"{precision} at ({axis[i]}, {axis[j]}): {surface[i, j]} vs {expected}");
                }
            }
        }
    }

    [Fact]
    public void ALinearModelWithoutHiddenLayersWorksToo()
    {
        var model = new Mlp(new MlpSpec([1, 1], Activation.Tanh, Bias: true));
        var plane = new SurfacePlane([0.5, -0.25], [1, 0], [0, 1], "a", "b");
        var axis = new GridAxis(-1, 1.01, 0.5);
        var surface = PlaneSurfaceEvaluator.Evaluate(model, plane, axis, axis, Test, null, new PlaneSurfaceOptions { Precision = SurfacePrecision.Double }).Test!;
        var theta = new double[2];
        plane.PointAt(axis[1], axis[3], theta);
        var expected = Test.X.Zip(Test.Y, (x, y) => Math.Pow((theta[0] * x) + theta[1] - y, 2)).Average();
        Assert.Equal(expected, surface[1, 3], 1e-12 * expected);
    }

    [Theory]
    [InlineData(SurfacePrecision.Single)]
    [InlineData(SurfacePrecision.Double)]
    public void ValuesDoNotDependOnTheNumberOfThreads(SurfacePrecision precision)
    {
        var reference = MlpCase.Load("relu-16-16-bias");
        var model = new Mlp(reference.Spec);
        var (d1, d2) = reference.FilterDirections;
        var plane = new SurfacePlane(reference.Theta, d1, d2, "a", "b");
        var axis = new GridAxis(-1, 1.01, 0.4);
        var test = new RegressionSet(Test.X[..333], Test.Y[..333]);
        var train = new RegressionSet(Train.X[..555], Train.Y[..555]);
        PlaneSurfaces Run(int threads) => PlaneSurfaceEvaluator.Evaluate(
            model, plane, axis, axis, test, train, new PlaneSurfaceOptions { Quantities = SurfaceQuantities.All, Precision = precision, MaxDegreeOfParallelism = threads });
        var one = Run(1);
        foreach (var threads in new[] { 2, 3, -1 })
        {
            var many = Run(threads);
            Assert.Equal(one.Test!.Values, many.Test!.Values);
            Assert.Equal(one.Train!.Values, many.Train!.Values);
            Assert.Equal(one.Gap!.Values, many.Gap!.Values);
        }
    }

    [Fact]
    public void TheSeedsWeightsPlaneKeepsItsExactPathBitForBit()
    {
        var network = new TanhNetwork(3);
        var plane = SurfacePlane.Weights(network);
        var axis1 = new GridAxis(-2, 2, 0.1);
        var axis2 = new GridAxis(-1, 3, 0.2);
        var expected = SurfaceEvaluator.Evaluate(network, plane, axis1, axis2, Test);
        var surfaces = PlaneSurfaceEvaluator.Evaluate(network, plane, axis1, axis2, Test, Train, new PlaneSurfaceOptions { Quantities = SurfaceQuantities.Test | SurfaceQuantities.Train });
        Assert.Equal(expected.Values, surfaces.Test!.Values);
        Assert.Equal(SurfaceEvaluator.Evaluate(network, plane, axis1, axis2, Train).Values, surfaces.Train!.Values);
        Assert.Null(surfaces.Gap);
        Assert.Throws<InvalidOperationException>(() => surfaces[SurfaceQuantities.Gap]);
        Assert.Equal("w1", surfaces.Test.Axis1Name);
    }

    [Fact]
    public void OnlyWhatIsAskedForIsComputedAndMissingDataIsNamed()
    {
        var model = new Mlp(new MlpSpec([1, 3, 1]));
        var plane = new SurfacePlane(model.Initialize(1), model.Initialize(2), model.Initialize(3), "a", "b");
        var axis = new GridAxis(-1, 1, 0.5);
        var train = PlaneSurfaceEvaluator.Evaluate(model, plane, axis, axis, null, Train, new PlaneSurfaceOptions { Quantities = SurfaceQuantities.Train });
        Assert.Null(train.Test);
        Assert.NotNull(train.Train);
        var error = Assert.Throws<ArgumentException>(() => PlaneSurfaceEvaluator.Evaluate(model, plane, axis, axis, null, Train, new PlaneSurfaceOptions { Quantities = SurfaceQuantities.Gap }));
        Assert.Contains("test set", error.Message, StringComparison.Ordinal);
        var none = Assert.Throws<InvalidOptionException>(() => PlaneSurfaceEvaluator.Evaluate(model, plane, axis, axis, Test, Train, new PlaneSurfaceOptions { Quantities = SurfaceQuantities.None }));
        Assert.Equal("surface", none.Option);
    }
}
