namespace LossLandscape.Training;

/// <summary>PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> over one flat gradient (every parameter at once).</summary>
public static class GradientClipping
{
    /// <summary>What PyTorch adds to the norm before dividing, so a zero gradient is left alone.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>
    /// Scales <paramref name="gradient"/> in place by <c>max / (‖g‖₂ + 1e-6)</c> when that is below 1, as PyTorch does
    /// (a non-finite norm makes the gradient non-finite, which the trainer reports as divergence); returns ‖g‖₂ before.
    /// </summary>
    public static double ClipToNorm(Span<double> gradient, double maxNorm)
    {
        var sum = 0.0;
        foreach (var g in gradient)
        {
            sum += g * g;
        }

        var norm = Math.Sqrt(sum);
        var coefficient = maxNorm / (norm + Epsilon);
        if (!(coefficient >= 1))
        {
            foreach (ref var g in gradient)
            {
                g *= coefficient;
            }
        }

        return norm;
    }
}
