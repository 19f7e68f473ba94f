using System.Runtime.Intrinsics;
using LossLandscape.Curvature;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Tests.Kernels;

/// <summary>
/// The 512-bit and 256-bit paths of the hot kernels give the same bits: each lane's sums run in the same order at
/// either width, and the MLP plane kernel adds its squared errors in the 256-bit tiles' order. Where the CPU has no
/// AVX-512 (CI's second run sets DOTNET_EnableAVX512=0), the wide switch falls back to 256 bits and the scalar
/// references below still hold each path to the exact FMA chain.
/// </summary>
[Trait("Category", "Kernels")]
[Collection(KernelWidthGroup.Name)]
public sealed class KernelWidthTests
{
    [Fact]
    public void TheSwitchThatSelectsTheNarrowPathTakesEffect()
    {
        // CI's second run switches AVX-512 off to exercise the 256-bit paths: then no 512-bit path may run. .NET 10
        // reads DOTNET_EnableAVX512; the older DOTNET_EnableAVX512F=0 alone leaves 512-bit vectors on.
        var older = Environment.GetEnvironmentVariable("DOTNET_EnableAVX512F") == "0";
        var narrow = Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0";
        Console.WriteLine($"AVX-512 {(narrow ? "switched off" : Vector512.IsHardwareAccelerated ? "on" : "absent")}");
        Assert.True(Vector256.IsHardwareAccelerated, "the kernels' 256-bit path needs AVX2");
        Assert.False(older && !narrow && Vector512.IsHardwareAccelerated, "DOTNET_EnableAVX512F=0 does not switch AVX-512 off in .NET 10: set DOTNET_EnableAVX512=0 too");
        if (narrow)
        {
            Assert.False(Vector512.IsHardwareAccelerated);
        }
    }

    public static TheoryData<int, int, int, bool> CombineShapes()
    {
        var data = new TheoryData<int, int, int, bool>();
        foreach (var (rows, terms) in new[] { (1, 1), (2, 3), (3, 32), (5, 7), (32, 32) })
        {
            foreach (var lanes in new[] { 4, 12, 32, 36, 64 })
            {
                data.Add(rows, terms, lanes, false);
                data.Add(rows, terms, lanes, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CombineShapes))]
    public void CombineAndItsEpiloguesAreTheScalarFmaChainAtEitherWidth(int rows, int terms, int lanes, bool second)
    {
        const int Stride = 64;
        var random = new Random((rows * 1000) + (terms * 100) + lanes);
        double[] Fill(int length) => [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5)];
        var (p, q, start) = (Fill(rows * terms), second ? Fill(rows * terms) : [], Fill(rows));
        var (a, b) = (Fill(terms * Stride), Fill(terms * Stride));
        var (f, c, r) = (Fill(rows * Stride), Fill(rows * Stride), Fill(rows * Stride));

        // P[r, m] = p[r·terms + m] (rowStep terms, termStep 1) and its transpose P[r, m] = p[m·rows + r].
        double Sum(int row, int s, bool transposed, bool withStart)
        {
            var x = withStart ? start[row] : 0.0;
            for (var m = 0; m < terms; m++)
            {
                var at = transposed ? (m * rows) + row : (row * terms) + m;
                x = Math.FusedMultiplyAdd(p[at], a[(m * Stride) + s], x);
                if (second)
                {
                    x = Math.FusedMultiplyAdd(q[at], b[(m * Stride) + s], x);
                }
            }

            return x;
        }

        foreach (var wide in new[] { true, false })
        {
            var before = RKernels.Wide;
            RKernels.Wide = wide;
            try
            {
                var plain = new double[rows * Stride];
                var scaledOut = new double[rows * Stride];
                var scaled = new double[rows * Stride];
                var added = new double[rows * Stride];
                RKernels.Combine(p, a, q, b, start, plain, rows, terms, terms, 1, Stride, lanes);
                RKernels.CombineScaled(p, a, q, b, start, scaledOut, f, scaled, rows, terms, Stride, lanes);
                RKernels.CombineMultiplyAdd(p, a, q, b, added, f, c, r, rows, terms, Stride, lanes);
                for (var row = 0; row < rows; row++)
                {
                    for (var s = 0; s < Stride; s++)
                    {
                        var at = (row * Stride) + s;
                        var inside = s < lanes;
                        var sum = Sum(row, s, transposed: false, withStart: true);
                        Assert.Equal(inside ? sum : 0.0, plain[at]);
                        Assert.Equal(inside ? sum : 0.0, scaledOut[at]);
                        Assert.Equal(inside ? f[at] * sum : 0.0, scaled[at]);
                        var back = Sum(row, s, transposed: true, withStart: false);
                        Assert.Equal(inside ? Math.FusedMultiplyAdd(c[at], r[at], back * f[at]) : 0.0, added[at]);
                    }
                }
            }
            finally
            {
                RKernels.Wide = before;
            }
        }
    }

    [Theory]
    [InlineData(Activation.Tanh, true)]
    [InlineData(Activation.Tanh, false)]
    [InlineData(Activation.Relu, true)]
    [InlineData(Activation.Gelu, false)]
    public void TheHessianVectorProductIsTheSameBitForBitAtEitherWidth(Activation activation, bool bias)
    {
        // 1,12,6,1 takes the folded path; 3,6,5,2 the general one; 333 samples leave a partial chunk.
        foreach (var sizes in new[] { new[] { 1, 12, 6, 1 }, [3, 6, 5, 2] })
        {
            var model = new Mlp(new MlpSpec(sizes, activation, bias));
            var random = new Random(5);
            var theta = ScalarReference.Normal(random, model.ParameterCount, 0.7);
            var x = ScalarReference.Normal(random, sizes[0] * 333, 1.5);
            var y = ScalarReference.Normal(random, sizes[^1] * 333, 1.0);
            var v = ScalarReference.Normal(random, model.ParameterCount, 1.0);
            var hessian = HessianOperators.Create(model, x, y);
            hessian.MoveTo(theta);
            var products = new List<double[]>();
            foreach (var wide in new[] { true, false })
            {
                var before = RKernels.Wide;
                RKernels.Wide = wide;
                try
                {
                    var hv = new double[model.ParameterCount];
                    hessian.Multiply(v, hv);
                    products.Add(hv);
                }
                finally
                {
                    RKernels.Wide = before;
                }
            }

            Assert.Equal(products[0], products[1]);
        }
    }

    [Theory]
    [InlineData(Activation.Tanh, SurfacePrecision.Single, 2000)]
    [InlineData(Activation.Tanh, SurfacePrecision.Double, 1013)]
    [InlineData(Activation.Sigmoid, SurfacePrecision.Single, 37)]
    [InlineData(Activation.Relu, SurfacePrecision.Double, 70)]
    [InlineData(Activation.Gelu, SurfacePrecision.Single, 45)]
    public void ThePlaneSurfaceIsTheSameBitForBitAtEitherWidth(Activation activation, SurfacePrecision precision, int samples)
    {
        // Sample counts that fill no tile, part of the last 512-bit tile's second half, and whole tiles.
        var model = new Mlp(new MlpSpec([1, 32, 32, 1], activation, Bias: true));
        var random = new Random(samples);
        var origin = ScalarReference.Normal(random, model.ParameterCount, 0.5);
        var plane = new SurfacePlane(origin, ScalarReference.Normal(random, model.ParameterCount, 0.3), ScalarReference.Normal(random, model.ParameterCount, 0.3), "a", "b");
        var data = new RegressionSet(ScalarReference.Normal(random, samples, 2.0), ScalarReference.Normal(random, samples, 1.0));
        var axis = new GridAxis(-1, 1.01, 0.5);
        var surfaces = new List<double[]>();
        foreach (var wide in new[] { true, false })
        {
            var before = MlpPlaneKernel<float>.Wide;
            MlpPlaneKernel<float>.Wide = wide;
            MlpPlaneKernel<double>.Wide = wide;
            try
            {
                var options = new PlaneSurfaceOptions { Precision = precision, MaxDegreeOfParallelism = 1 };
                surfaces.Add(PlaneSurfaceEvaluator.Evaluate(model, plane, axis, axis, data, null, options).Test!.Values);
            }
            finally
            {
                MlpPlaneKernel<float>.Wide = before;
                MlpPlaneKernel<double>.Wide = before;
            }
        }

        Assert.Equal(surfaces[0], surfaces[1]);
        Assert.All(surfaces[0], value => Assert.True(double.IsFinite(value) && value > 0));
    }

    [Fact]
    public void TanhIsTheSameBitForBitAtEitherWidth()
    {
        var random = new Random(11);
        for (var i = 0; i < 4000; i++)
        {
            var doubles = Enumerable.Range(0, 8).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 3))).ToArray();
            var wide = TanhKernels.Tanh(Vector512.Create(doubles));
            Assert.Equal(TanhKernels.Tanh(Vector256.Create(doubles.AsSpan(0, 4))), wide.GetLower());
            Assert.Equal(TanhKernels.Tanh(Vector256.Create(doubles.AsSpan(4, 4))), wide.GetUpper());
            var floats = Enumerable.Range(0, 16).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 2)))).ToArray();
            var wideSingle = TanhKernels.Tanh(Vector512.Create(floats));
            Assert.Equal(TanhKernels.Tanh(Vector256.Create(floats.AsSpan(0, 8))), wideSingle.GetLower());
            Assert.Equal(TanhKernels.Tanh(Vector256.Create(floats.AsSpan(8, 8))), wideSingle.GetUpper());
        }
    }
}

/// <summary>The width tests switch process-wide flags, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class KernelWidthGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Kernel widths";
}
