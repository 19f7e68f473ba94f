using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Surface;

public sealed class SurfaceEvaluatorTests
{
    private static readonly RegressionSet Test = ScalarReference.SeedTestSet();

    [Fact]
    public void SeedSurfaceMatchesNumpyTo1e12()
    {
        var network = new TanhNetwork(1);
        var grid = Reference.Doubles(Reference.Seed.GetProperty("grid"));
        var axis = new GridAxis(-2, 2, 0.05);
        Assert.Equal(grid, axis.Values.ToArray());
        var plane = SurfacePlane.Weights(network);
        Assert.Equal(SurfaceMethod.QuadraticRows, SurfaceEvaluator.ChooseMethod(network, plane));

        var surface = SurfaceEvaluator.Evaluate(network, plane, axis, axis, Test);
        var rows = Reference.Seed.GetProperty("loss").EnumerateArray().Select(Reference.Doubles).ToArray();
        var worst = 0.0;
        for (var i = 0; i < 80; i++)
        {
            for (var j = 0; j < 80; j++)
            {
                worst = Math.Max(worst, ScalarReference.RelativeError(surface[i, j], rows[i][j]));
            }
        }

        Assert.True(worst <= 1e-12, $"largest relative difference from numpy: {worst:R}");
    }

    [Fact]
    public void QuadraticRowsEqualTheDirectEvaluationOnARandomPlane()
    {
        var (network, plane) = RandomPlane(hidden: 3, seed: 7, direction2: "2.weight");
        Assert.Equal(SurfaceMethod.QuadraticRows, SurfaceEvaluator.ChooseMethod(network, plane));
        AssertMatchesDirect(network, plane, SurfaceEvaluator.Evaluate(network, plane, new GridAxis(-1, 1.01, 0.25), new GridAxis(-3, 2, 0.5), Test), 1e-12);
    }

    [Fact]
    public void QuadraticColumnsEqualTheDirectEvaluationAndTheTransposedRows()
    {
        var (network, rowsPlane) = RandomPlane(hidden: 3, seed: 8, direction2: "2.weight");
        var columnsPlane = new SurfacePlane(rowsPlane.Origin, rowsPlane.Direction2, rowsPlane.Direction1, "b", "a");
        Assert.Equal(SurfaceMethod.QuadraticColumns, SurfaceEvaluator.ChooseMethod(network, columnsPlane));
        var axisA = new GridAxis(-1, 1.01, 0.25);
        var axisB = new GridAxis(-3, 2, 0.5);
        var columns = SurfaceEvaluator.Evaluate(network, columnsPlane, axisB, axisA, Test);
        AssertMatchesDirect(network, columnsPlane, columns, 1e-12);

        var rows = SurfaceEvaluator.Evaluate(network, rowsPlane, axisA, axisB, Test);
        for (var i = 0; i < axisA.Count; i++)
        {
            for (var j = 0; j < axisB.Count; j++)
            {
                Assert.True(ScalarReference.RelativeError(columns[j, i], rows[i, j]) <= 1e-12, $"({i},{j})");
            }
        }
    }

    [Theory]
    [InlineData(SurfacePrecision.Double, 1e-12)]
    [InlineData(SurfacePrecision.Single, 1e-6)]
    public void GeneralPathMatchesTheFloat64Reference(SurfacePrecision precision, double tolerance)
    {
        var (network, plane) = RandomPlane(hidden: 16, seed: 9, direction2: "0.weight");
        Assert.Equal(SurfaceMethod.General, SurfaceEvaluator.ChooseMethod(network, plane));
        var surface = SurfaceEvaluator.Evaluate(network, plane, new GridAxis(-1, 1.01, 0.4), new GridAxis(-0.5, 0.6, 0.25), Test, new SurfaceOptions { Precision = precision });
        AssertMatchesDirect(network, plane, surface, tolerance);
    }

    [Fact]
    public void GeneralPathAgreesWithTheExactPathOnTheWeightsPlane()
    {
        var network = new TanhNetwork(1);
        var plane = SurfacePlane.Weights(network);
        var axis = new GridAxis(-2, 2, 0.25);
        var exact = SurfaceEvaluator.Evaluate(network, plane, axis, axis, Test);
        var general = SurfaceEvaluator.Evaluate(network, plane, axis, axis, Test, new SurfaceOptions { Method = SurfaceMethod.General, Precision = SurfacePrecision.Double });
        for (var k = 0; k < exact.Values.Length; k++)
        {
            Assert.True(ScalarReference.RelativeError(general.Values[k], exact.Values[k]) <= 1e-12, $"point {k}: {general.Values[k]:R} vs {exact.Values[k]:R}");
        }
    }

    [Theory]
    [InlineData(SurfaceMethod.QuadraticRows, SurfacePrecision.Double)]
    [InlineData(SurfaceMethod.General, SurfacePrecision.Double)]
    [InlineData(SurfaceMethod.General, SurfacePrecision.Single)]
    public void TheArticlesSurfaceIsSymmetricUnderNegatingBothWeights(SurfaceMethod method, SurfacePrecision precision)
    {
        // ŷ = w2·tanh(w1·x) is unchanged by (w1, w2) → (−w1, −w2); the grid −2, −1.75, …, 2 is symmetric about 0.
        var network = new TanhNetwork(1);
        var axis = new GridAxis(-2, 2.1, 0.25);
        var surface = SurfaceEvaluator.Evaluate(network, SurfacePlane.Weights(network), axis, axis, Test, new SurfaceOptions { Method = method, Precision = precision });
        var last = axis.Count - 1;
        for (var i = 0; i < axis.Count; i++)
        {
            Assert.Equal(-axis[i], axis[last - i]);
            for (var j = 0; j < axis.Count; j++)
            {
                Assert.Equal(surface[i, j], surface[last - i, last - j]);
            }
        }
    }

    [Theory]
    [InlineData("2.weight", null, SurfacePrecision.Double)]
    [InlineData("0.weight", null, SurfacePrecision.Double)]
    [InlineData("0.weight", null, SurfacePrecision.Single)]
    [InlineData("2.weight", SurfaceMethod.General, SurfacePrecision.Single)]
    public void ValuesDoNotDependOnTheNumberOfThreads(string direction2, SurfaceMethod? method, SurfacePrecision precision)
    {
        var (network, plane) = RandomPlane(hidden: 4, seed: 11, direction2);
        var axis1 = new GridAxis(-1, 1, 0.1);
        var axis2 = new GridAxis(-1, 1, 0.25);
        var one = SurfaceEvaluator.Evaluate(network, plane, axis1, axis2, Test, new SurfaceOptions { Method = method, Precision = precision, MaxDegreeOfParallelism = 1 });
        var all = SurfaceEvaluator.Evaluate(network, plane, axis1, axis2, Test, new SurfaceOptions { Method = method, Precision = precision, MaxDegreeOfParallelism = -1 });
        var three = SurfaceEvaluator.Evaluate(network, plane, axis1, axis2, Test, new SurfaceOptions { Method = method, Precision = precision, MaxDegreeOfParallelism = 3 });
        Assert.Equal(one.Values, all.Values);
        Assert.Equal(one.Values, three.Values);
    }

    [Fact]
    public void EvaluateIntoFillsTheCallersBufferWithTheSameValues()
    {
        var (network, plane) = RandomPlane(hidden: 2, seed: 5, direction2: "2.weight");
        var axis1 = new GridAxis(-1, 1, 0.25);
        var axis2 = new GridAxis(-1, 1, 0.5);
        var expected = SurfaceEvaluator.Evaluate(network, plane, axis1, axis2, Test);
        var buffer = new double[axis1.Count * axis2.Count];
        Array.Fill(buffer, double.NaN);
        SurfaceEvaluator.EvaluateInto(network, plane, axis1, axis2, Test, new SurfaceOptions(), buffer);
        Assert.Equal(expected.Values, buffer);
        var error = Assert.Throws<ArgumentException>(() => SurfaceEvaluator.EvaluateInto(network, plane, axis1, axis2, Test, new SurfaceOptions(), new double[buffer.Length - 1]));
        Assert.Contains($"the grid has {buffer.Length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRowIsReportedOnce()
    {
        var network = new TanhNetwork(1);
        var count = 0;
        var axis1 = new GridAxis(-1, 1, 0.1);
        SurfaceEvaluator.Evaluate(network, SurfacePlane.Weights(network), axis1, new GridAxis(-1, 1, 0.5), Test, () => Interlocked.Increment(ref count));
        Assert.Equal(axis1.Count, count);
    }

    [Fact]
    public void AQuadraticMethodIsRefusedWhenItsDirectionMovesHiddenWeights()
    {
        var (network, plane) = RandomPlane(hidden: 2, seed: 3, direction2: "0.weight");
        var axis = new GridAxis(0, 1, 0.5);
        var error = Assert.Throws<ArgumentException>(() => SurfaceEvaluator.Evaluate(network, plane, axis, axis, Test, new SurfaceOptions { Method = SurfaceMethod.QuadraticRows }));
        Assert.Contains("QuadraticRows", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A random origin, d₁ over every weight, and d₂ over the weights of one role only.</summary>
    private static (TanhNetwork Network, SurfacePlane Plane) RandomPlane(int hidden, int seed, string direction2)
    {
        var network = new TanhNetwork(hidden);
        var random = new Random(seed);
        var origin = ScalarReference.Normal(random, network.ParameterCount, 0.8);
        var d1 = ScalarReference.Normal(random, network.ParameterCount, 0.5);
        var d2 = new double[network.ParameterCount];
        var block = network.Layout[direction2];
        ScalarReference.Normal(random, block.Length, 0.5).CopyTo(d2.AsSpan(block.Range));
        return (network, new SurfacePlane(origin, d1, d2, "a", "b"));
    }

    private static void AssertMatchesDirect(TanhNetwork network, SurfacePlane plane, LossSurface surface, double tolerance)
    {
        var theta = new double[network.ParameterCount];
        var worst = 0.0;
        for (var i = 0; i < surface.Axis1.Count; i++)
        {
            for (var j = 0; j < surface.Axis2.Count; j++)
            {
                plane.PointAt(surface.Axis1[i], surface.Axis2[j], theta);
                worst = Math.Max(worst, ScalarReference.RelativeError(surface[i, j], ScalarReference.Loss(theta, Test.X, Test.Y)));
            }
        }

        Assert.True(worst <= tolerance, $"largest relative difference from the direct float64 evaluation: {worst:R}");
    }
}
