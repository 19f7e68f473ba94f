namespace LossLandscape.Curvature;

/// <summary>
/// Hutchinson's estimator of the trace: the mean of zᵀHz over Rademacher vectors z (entries ±1 from a seed), with its
/// standard error; the same probes give each layer's block trace as Σ over the block of zᵢ(Hz)ᵢ.
/// </summary>
public static class HutchinsonTrace
{
    /// <summary>
    /// The trace of <paramref name="hessian"/> from <paramref name="probes"/> Rademacher vectors drawn from
    /// <paramref name="seed"/>, and of each block in <paramref name="blocks"/> (may be empty) from the same vectors.
    /// </summary>
    public static (TraceEstimate Total, TraceEstimate[] Blocks) Estimate(IHessianVectorProduct hessian, int probes, int seed, IReadOnlyList<LayerBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, 1);
        var n = hessian.Dimension;
        var random = new Random(seed);
        var z = new double[n];
        var hz = new double[n];
        var totals = new double[probes];
        var parts = new double[blocks.Count][];
        for (var b = 0; b < parts.Length; b++)
        {
            parts[b] = new double[probes];
        }

        for (var p = 0; p < probes; p++)
        {
            for (var i = 0; i < n; i++)
            {
                z[i] = random.Next(2) == 0 ? -1.0 : 1.0;
            }

            hessian.Multiply(z, hz);
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += z[i] * hz[i];
            }

            totals[p] = sum;
            for (var b = 0; b < parts.Length; b++)
            {
                var part = 0.0;
                for (var i = blocks[b].Offset; i < blocks[b].Offset + blocks[b].Length; i++)
                {
                    part += z[i] * hz[i];
                }

                parts[b][p] = part;
            }
        }

        return (Summarize(totals), parts.Select(Summarize).ToArray());
    }

    private static TraceEstimate Summarize(double[] samples)
    {
        var mean = samples.Average();
        if (!double.IsFinite(mean))
        {
            throw new ArithmeticException("the trace estimate is not finite (NaN or overflow) at this point");
        }

        double? stderr = null;
        if (samples.Length > 1)
        {
            var variance = samples.Sum(s => (s - mean) * (s - mean)) / (samples.Length - 1);
            stderr = Math.Sqrt(variance / samples.Length);
        }

        return new TraceEstimate(mean, stderr, samples.Length);
    }
}

/// <summary>A trace estimate.</summary>
/// <param name="Value">The mean of zᵀHz over the probes (exact for a dense computation).</param>
/// <param name="StandardError">The sample standard deviation over √probes; null for one probe or an exact value.</param>
/// <param name="Probes">Number of probe vectors (0 when exact).</param>
public sealed record TraceEstimate(double Value, double? StandardError, int Probes);
