using System.Diagnostics;
using LossLandscape.Models;

namespace LossLandscape.Curvature;

/// <summary>The full Hessian's curvature of a model's loss at a point, as <see cref="CurvatureSettings"/> asks.</summary>
public static class CurvatureAnalysis
{
    /// <summary>
    /// Analyses <paramref name="model"/>'s mean loss over (<paramref name="x"/>, <paramref name="y"/>) at
    /// <paramref name="theta"/>. Throws <see cref="InvalidOptionException"/> for invalid settings or a model without
    /// Hessian-vector products, <see cref="ArithmeticException"/> when the curvature is not finite there.
    /// </summary>
    public static CurvatureReport Analyze(IModel model, ReadOnlySpan<double> theta, double[] x, double[] y, CurvatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        ThrowFirst(settings.ValidateFor(model.ParameterCount));
        var hessian = HessianOperators.Create(model, x, y);
        return Analyze(hessian, theta, settings);
    }

    /// <summary>Analyses the loss of <paramref name="hessian"/> at <paramref name="theta"/> (moves the operator there).</summary>
    public static CurvatureReport Analyze(MlpHessian hessian, ReadOnlySpan<double> theta, CurvatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(settings);
        ThrowFirst(settings.ValidateFor(hessian.Dimension));
        var clock = Stopwatch.StartNew();
        hessian.MoveTo(theta);
        if (!double.IsFinite(hessian.Loss))
        {
            throw new ArithmeticException($"the loss is {hessian.Loss} at this point; its curvature is undefined");
        }

        var counter = new CountingHessian(hessian);
        var top = Lanczos.Top(counter, settings.Top, settings.Tolerance, settings.Iterations, settings.Seed);
        var blocks = settings.PerLayer ? HessianOperators.Layers(hessian.Model.Layout) : [];
        TraceEstimate? trace = null;
        var blockTraces = new TraceEstimate?[blocks.Count];
        if (settings.Trace)
        {
            var (total, parts) = HutchinsonTrace.Estimate(counter, settings.Probes, settings.Seed + 1, blocks);
            trace = total;
            for (var b = 0; b < parts.Length; b++)
            {
                blockTraces[b] = parts[b];
            }
        }

        var density = settings.Density
            ? SpectralDensity.Estimate(counter, settings.DensityProbes, settings.DensitySteps, settings.DensityPoints, settings.DensityWidth, settings.Seed + 2)
            : null;
        MathNet.Numerics.LinearAlgebra.Matrix<double>? dense = null;
        if (settings.Exact && hessian.Dimension <= DenseHessian.MaxParameters)
        {
            dense = DenseHessian.Build(counter);
        }

        var layers = new List<LayerCurvature>();
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            var k = Math.Min(settings.Top, block.Length);
            var blockTop = Lanczos.Top(new BlockHessian(counter, block.Offset, block.Length), k, settings.Tolerance, settings.Iterations, settings.Seed + 3 + b);
            var blockDense = dense is null ? null : DenseHessian.Block(dense, block);
            layers.Add(new LayerCurvature(block, blockTop, blockTraces[b], blockDense?.Trace(), blockDense is null ? null : DenseHessian.Eigenvalues(blockDense)));
        }

        return new CurvatureReport(
            hessian.Dimension,
            hessian.Loss,
            top,
            trace,
            dense?.Trace(),
            density,
            dense is null ? null : DenseHessian.Eigenvalues(dense),
            layers,
            counter.Products,
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// About how many Hessian-vector products <see cref="Analyze(MlpHessian, ReadOnlySpan{double}, CurvatureSettings)"/>
    /// takes for a model of <paramref name="parameters"/> parameters (an upper estimate, for the time shown before a long run).
    /// </summary>
    public static long EstimateProducts(CurvatureSettings settings, int parameters, int layers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        long lanczos = Math.Min(parameters, Math.Min(settings.Iterations, 30 + (3 * settings.Top)));
        var products = lanczos;
        products += settings.Trace ? settings.Probes : 0;
        products += settings.Density ? (long)settings.DensityProbes * Math.Min(parameters, settings.DensitySteps) : 0;
        products += settings.Exact && parameters <= DenseHessian.MaxParameters ? parameters : 0;
        products += settings.PerLayer ? layers * lanczos : 0;
        return products;
    }

    private static void ThrowFirst(IReadOnlyList<InvalidOptionException> errors)
    {
        if (errors.Count > 0)
        {
            throw errors[0];
        }
    }
}
