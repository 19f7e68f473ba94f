using LossLandscape.Models;

namespace LossLandscape.Tests.Nn;

[Trait("Category", "Kernels")]
public sealed class TanhKernelsTests
{
    [Fact]
    public void TheMachineRunsTheVectorKernels()
    {
        // Every other test here would pass on the scalar fallback alone; this one says which path they covered.
        Assert.True(TanhKernels.IsVectorized, "AVX2 with FMA is expected on the CI and benchmark machines");
    }

    [Fact]
    public void DoubleTanhIsWithinFourUlpOfMathTanhOverEveryLength()
    {
        var random = new Random(42);
        for (var length = 0; length <= 67; length++)
        {
            var source = new double[length];
            for (var i = 0; i < length; i++)
            {
                // Magnitudes from 1e-12 to 40, both signs: the small end checks full relative accuracy near 0.
                source[i] = (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, -12 + (random.NextDouble() * 13.6));
            }

            var destination = VectorTanh(source);
            for (var i = 0; i < length; i++)
            {
                var expected = Math.Tanh(source[i]);
                Assert.True(
                    Math.Abs(destination[i] - expected) <= 4 * (Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected)),
                    $"tanh({source[i]:R}) = {destination[i]:R}, Math.Tanh gives {expected:R}");
            }
        }
    }

    [Fact]
    public void TanhIsOddAndSaturatesWithoutOverflow()
    {
        double[] source = [0.0, -0.0, 1e-300, -1e-300, 19.0, -19.0, 25.0, 710.0, -1e308, double.MaxValue, -double.MaxValue, 0.5];
        var destination = VectorTanh(source);
        Assert.Equal(source.Select(Math.Tanh), destination, new ToleranceComparer(2.3e-16));
        Assert.True(double.IsNegative(destination[1]), "tanh(-0) must be -0");
        Assert.Equal(1e-300, destination[2]);
    }

    [Fact]
    public void SingleTanhIsWithinSixFloatUlpOfTheDoubleValue()
    {
        var random = new Random(42);
        var worst = 0.0;
        for (var trial = 0; trial < 4096; trial++)
        {
            var lanes = new float[8];
            for (var i = 0; i < lanes.Length; i++)
            {
                lanes[i] = (float)((random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, -8 + (random.NextDouble() * 9.3)));
            }

            var result = TanhKernels.Tanh(System.Runtime.Intrinsics.Vector256.Create(lanes));
            for (var i = 0; i < lanes.Length; i++)
            {
                var expected = Math.Tanh(lanes[i]);
                worst = Math.Max(worst, Math.Abs(result[i] - expected) / Math.Abs(expected));
            }
        }

        Assert.True(worst <= 6 * 5.97e-8, $"largest relative error {worst:R}");
    }

    [Fact]
    public void SumsMatchTheScalarReference()
    {
        var random = new Random(42);
        foreach (var (hidden, samples) in new[] { (1, 1), (1, 3), (1, 8), (2, 13), (5, 100), (16, 257) })
        {
            var x = ScalarReference.Normal(random, samples, 4.5);
            var y = ScalarReference.Normal(random, samples, 3);
            var theta = ScalarReference.Normal(random, 2 * hidden, 1);
            var expected = ScalarReference.Loss(theta, x, y) * samples;
            var sum = TanhKernels.SumSquaredErrors(theta.AsSpan(0, hidden), theta.AsSpan(hidden), x, y);
            Assert.True(ScalarReference.RelativeError(sum, expected) <= 1e-13, $"double N={hidden} n={samples}: {sum:R} vs {expected:R}");

            var single = Array.ConvertAll(theta, v => (float)v);
            var singleSum = TanhKernels.SumSquaredErrors(single.AsSpan(0, hidden), single.AsSpan(hidden), Array.ConvertAll(x, v => (float)v), Array.ConvertAll(y, v => (float)v));
            Assert.True(ScalarReference.RelativeError(singleSum, expected) <= 2e-5, $"float N={hidden} n={samples}: {singleSum:R} vs {expected:R}");

            var q = ScalarReference.Normal(random, hidden, 1);
            var (spp, spq, sqq) = TanhKernels.QuadraticSums(theta.AsSpan(0, hidden), theta.AsSpan(hidden), q, x, y);
            foreach (var b in new[] { -1.5, 0.0, 0.7 })
            {
                var moved = (double[])theta.Clone();
                for (var h = 0; h < hidden; h++)
                {
                    moved[hidden + h] += b * q[h];
                }

                var direct = ScalarReference.Loss(moved, x, y) * samples;
                var quadratic = spp + (2 * b * spq) + (b * b * sqq);
                Assert.True(ScalarReference.RelativeError(quadratic, direct) <= 1e-12, $"quadratic N={hidden} n={samples} b={b}: {quadratic:R} vs {direct:R}");
            }
        }
    }

    [Fact]
    public void KernelsAllocateNothing()
    {
        var x = ScalarReference.Normal(new Random(1), 1000, 4);
        var y = ScalarReference.Normal(new Random(2), 1000, 4);
        var xf = Array.ConvertAll(x, v => (float)v);
        var yf = Array.ConvertAll(y, v => (float)v);
        double[] u = [0.3, -0.2, 1.1], v = [1, 2, 3];
        float[] uf = [0.3f, -0.2f, 1.1f], vf = [1, 2, 3];
        TanhKernels.SumSquaredErrors(u, v, x, y);
        TanhKernels.SumSquaredErrors(uf, vf, xf, yf);
        TanhKernels.QuadraticSums(u, v, v, x, y);
        var before = GC.GetAllocatedBytesForCurrentThread();
        TanhKernels.SumSquaredErrors(u, v, x, y);
        TanhKernels.SumSquaredErrors(uf, vf, xf, yf);
        TanhKernels.QuadraticSums(u, v, v, x, y);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The double vector kernel over any length: four lanes at a time, the last group padded with zeros.</summary>
    private static double[] VectorTanh(double[] source)
    {
        var result = new double[source.Length];
        for (var i = 0; i < source.Length; i += 4)
        {
            var lanes = new double[4];
            source.AsSpan(i, Math.Min(4, source.Length - i)).CopyTo(lanes);
            var tanh = TanhKernels.Tanh(System.Runtime.Intrinsics.Vector256.Create(lanes));
            for (var k = 0; k < 4 && i + k < source.Length; k++)
            {
                result[i + k] = tanh[k];
            }
        }

        return result;
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b)) && (a != 0 || b != 0 || double.IsNegative(a) == double.IsNegative(b));

        public int GetHashCode(double value) => 0;
    }
}
