using LossLandscape.Analysis;
using LossLandscape.Data;
using LossLandscape.Experiments;
using LossLandscape.Landscape;
using LossLandscape.Surface;
using LossLandscape.Tests.Planes;
using LossLandscape.Training;

namespace LossLandscape.Tests.Analysis;

/// <summary>Flat is flat: eigenvalues that are zero up to rounding never make a minimum or a saddle.</summary>
public sealed class FlatIsFlatTests
{
    /// <summary>
    /// <c>run --epochs 0 --no-extend --w1 0:5000:1 --w2 0:5000:1</c> reported "1 minimum, 99 saddles" with eigenvalues
    /// of −1e-14: for w1 ≫ 1 the network's output is w2·sign(x), constant along w1.
    /// </summary>
    [Fact]
    public void WideGridOfTheSeedHasNoSpuriousCriticalPoints()
    {
        var options = new ExperimentOptions
        {
            Training = new TrainingOptions { Epochs = 0 },
            ExtendGrid = false,
            W1 = new GridAxis(0, 5000, 1),
            W2 = new GridAxis(0, 5000, 1),
        };
        var points = Analyze(options);
        Assert.DoesNotContain(points, p => p.Kind is CriticalPointKind.Minimum or CriticalPointKind.Saddle or CriticalPointKind.Maximum);
    }

    /// <summary>
    /// <c>run --x-std 1e-300</c> reported "4 minimums, 11 saddles" on a constant valley: every x is 1, so the loss depends
    /// on w2·tanh(w1) only and its floor is a curve of flat points. None of them is reported; what remains is the one
    /// true saddle at the origin, where L ≈ mean((w1·w2 − y)²) has eigenvalues ±2·mean(x·y), not flat at all.
    /// </summary>
    [Fact]
    public void TinyInputSpreadReportsOnlyTheTrueSaddle()
    {
        var options = new ExperimentOptions { Data = new DataOptions { XStd = 1e-300 } };
        var result = LandscapePipeline.Run(options);
        var points = SurfaceAnalysis.Analyze(result.Network!, result.OnPlane.Plane!, result.OnPlane.Surface!, result.Test, result.Paths[0].Trajectory.Records).CriticalPoints;
        Assert.DoesNotContain(points, p => p.Kind is CriticalPointKind.Minimum or CriticalPointKind.Maximum);
        var saddle = Assert.Single(points, p => p.Kind == CriticalPointKind.Saddle);
        Assert.Equal(0, saddle.A, 1e-9);
        Assert.Equal(0, saddle.B, 1e-9);
        var meanXY = result.Test.X.Zip(result.Test.Y, (x, y) => x * y).Average();
        Assert.Equal(-2 * Math.Abs(meanXY), saddle.Eigenvalue1, 1e-9 * Math.Abs(meanXY));
        Assert.Equal(2 * Math.Abs(meanXY), saddle.Eigenvalue2, 1e-9 * Math.Abs(meanXY));
    }

    /// <summary>Linear regression with every x = 0: the loss does not depend on the weight at all (a valley along w); no critical point.</summary>
    [Fact]
    public void ValleyOfAModelIsNotAMinimum()
    {
        var model = new LinearRegressionModel();
        var x = new double[50];
        var y = Enumerable.Range(0, 50).Select(k => Math.Sin(k)).ToArray();
        var plane = new SurfacePlane([0, 0], [1, 0], [0, 1], "w", "b");
        var calculus = new ModelPlaneCalculus(model, plane, x, y);
        var points = CriticalPointFinder.Find(calculus, Grid(calculus, new GridAxis(-1, 1, 0.1), new GridAxis(-1, 1, 0.1)));
        Assert.DoesNotContain(points, p => p.Kind is CriticalPointKind.Minimum or CriticalPointKind.Saddle or CriticalPointKind.Maximum);

        // With spread x the same model has its one minimum at the least-squares fit.
        var spread = Enumerable.Range(0, 50).Select(k => (k / 25.0) - 1).ToArray();
        var fitted = spread.Select(v => (0.3 * v) - 0.2).ToArray();
        var good = new ModelPlaneCalculus(model, plane, spread, fitted);
        var minimum = Assert.Single(CriticalPointFinder.Find(good, Grid(good, new GridAxis(-1, 1, 0.1), new GridAxis(-1, 1, 0.1))));
        Assert.Equal(CriticalPointKind.Minimum, minimum.Kind);
        Assert.Equal(0.3, minimum.A, 1e-9);
        Assert.Equal(-0.2, minimum.B, 1e-9);
    }

    [Theory]
    [InlineData(-1e-14, 2.0, 1.0, 4.0, true)]
    [InlineData(0.0, 0.0, 1.0, 4.0, true)]
    [InlineData(1e-20, 3e-20, 1.0, 4.0, true)]
    [InlineData(-0.5, 2.0, 1.0, 4.0, false)]
    [InlineData(1e-3, 2.0, 1.0, 4.0, false)]
    public void IsFlatComparesWithTheHessiansScale(double low, double high, double loss, double span, bool flat) =>
        Assert.Equal(flat, CriticalPointFinder.IsFlat(low, high, loss, span));

    private static IReadOnlyList<CriticalPoint> Analyze(ExperimentOptions options)
    {
        var result = LandscapePipeline.Run(options);
        var analysis = SurfaceAnalysis.Analyze(result.Network!, result.OnPlane.Plane!, result.OnPlane.Surface!, result.Test, result.Paths[0].Trajectory.Records);
        return analysis.CriticalPoints;
    }

    internal static LossSurface Grid(ModelPlaneCalculus calculus, GridAxis a, GridAxis b)
    {
        var values = new double[a.Count * b.Count];
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < b.Count; j++)
            {
                values[(i * b.Count) + j] = calculus.Loss(a[i], b[j]);
            }
        }

        return new LossSurface(a, b, calculus.Plane.Axis1Name, calculus.Plane.Axis2Name, values);
    }
}
