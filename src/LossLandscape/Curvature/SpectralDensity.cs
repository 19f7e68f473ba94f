namespace LossLandscape.Curvature;

/// <summary>
/// The Hessian's eigenvalue density by stochastic Lanczos quadrature: for each of several random unit vectors, the
/// Gauss nodes and weights of its spectral measure from a few Lanczos steps, averaged and broadened by Gaussians.
/// </summary>
/// <param name="Grid">Eigenvalue grid, ascending and evenly spaced.</param>
/// <param name="Density">Density at each grid point (integrates to about 1).</param>
/// <param name="Nodes">Quadrature nodes of every probe, concatenated.</param>
/// <param name="Weights">Their weights, each divided by the number of probes (they sum to 1).</param>
/// <param name="Sigma">Standard deviation of the Gaussian broadening.</param>
/// <param name="Probes">Number of probe vectors.</param>
/// <param name="Steps">Lanczos steps per probe.</param>
public sealed record SpectralDensity(double[] Grid, double[] Density, double[] Nodes, double[] Weights, double Sigma, int Probes, int Steps)
{
    /// <summary>Σ weight·node: the density's mean without broadening or grid error (an estimate of trace / parameters).</summary>
    public double Mean => Nodes.Zip(Weights, (node, weight) => node * weight).Sum();

    /// <summary>
    /// The density of <paramref name="hessian"/> from <paramref name="probes"/> Rademacher probes (seeded) of
    /// <paramref name="steps"/> Lanczos steps, broadened by σ = <paramref name="relativeWidth"/> × the span of the
    /// nodes and sampled at <paramref name="points"/> grid points reaching 5σ beyond the extreme nodes.
    /// </summary>
    public static SpectralDensity Estimate(IHessianVectorProduct hessian, int probes, int steps, int points, double relativeWidth, int seed)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var n = hessian.Dimension;
        var random = new Random(seed);
        var start = new double[n];
        var nodes = new List<double>();
        var weights = new List<double>();
        var used = 0;
        for (var p = 0; p < probes; p++)
        {
            var scale = 1.0 / Math.Sqrt(n);
            for (var i = 0; i < n; i++)
            {
                start[i] = random.Next(2) == 0 ? -scale : scale;
            }

            var (probeNodes, probeWeights) = Lanczos.Quadrature(hessian, start, steps);
            used = Math.Max(used, probeNodes.Length);
            nodes.AddRange(probeNodes);
            weights.AddRange(probeWeights.Select(w => w / probes));
        }

        var low = nodes.Min();
        var high = nodes.Max();
        var span = high - low;
        var sigma = relativeWidth * (span > 0 ? span : Math.Max(Math.Abs(high), 1.0));
        var grid = new double[points];
        var density = new double[points];
        var from = low - (5 * sigma);
        var step = (high + (5 * sigma) - from) / (points - 1);
        var norm = 1.0 / (sigma * Math.Sqrt(2 * Math.PI));
        for (var g = 0; g < points; g++)
        {
            var t = from + (g * step);
            grid[g] = t;
            var sum = 0.0;
            for (var k = 0; k < nodes.Count; k++)
            {
                var u = (t - nodes[k]) / sigma;
                sum += weights[k] * Math.Exp(-0.5 * u * u);
            }

            density[g] = sum * norm;
        }

        return new SpectralDensity(grid, density, [.. nodes], [.. weights], sigma, probes, used);
    }
}
