namespace LossLandscape.Optim;

/// <summary>
/// PyTorch's Adagrad: g ← ∇ + λθ, s ← s + g² (s starts at the initial accumulator value),
/// θ ← θ − lr/(1 + (t − 1)·decay) · g/(√s + ε) at step t.
/// </summary>
public sealed class Adagrad : IOptimizer
{
    private double[] _sum = [];
    private long _steps;

    /// <summary>The largest gradient norm the trainer lets through to <see cref="Step"/> (clip_grad_norm_); null for none.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Creates the optimizer; throws <see cref="InvalidOptionException"/> for values PyTorch rejects.</summary>
    /// <param name="learningRateDecay">Decay of the rate with the step count (≥ 0).</param>
    /// <param name="initialAccumulator">Starting value of the sum of squared gradients (≥ 0).</param>
    /// <param name="epsilon">Added to the denominator (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ (≥ 0).</param>
    public Adagrad(double learningRateDecay = 0, double initialAccumulator = 0, double epsilon = 1e-10, double weightDecay = 0)
    {
        OptimizerChecks.AtLeastZero("lr-decay", learningRateDecay);
        OptimizerChecks.AtLeastZero("initial-accumulator", initialAccumulator);
        OptimizerChecks.AtLeastZero("eps", epsilon);
        OptimizerChecks.AtLeastZero("weight-decay", weightDecay);
        LearningRateDecay = learningRateDecay;
        InitialAccumulator = initialAccumulator;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <inheritdoc />
    public string Name => "adagrad";

    /// <summary>Learning-rate decay per step.</summary>
    public double LearningRateDecay { get; }

    /// <summary>Initial value of the accumulator.</summary>
    public double InitialAccumulator { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        OptimizerChecks.SameLength(parameters, gradient);
        if (_sum.Length != parameters.Length)
        {
            _sum = new double[parameters.Length];
            Array.Fill(_sum, InitialAccumulator);
            _steps = 0;
        }

        _steps++;
        var rate = learningRate / (1 + ((_steps - 1) * LearningRateDecay));
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            if (WeightDecay != 0)
            {
                g += WeightDecay * parameters[i];
            }

            var s = _sum[i] += g * g;
            parameters[i] -= rate * g / (Math.Sqrt(s) + Epsilon);
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        _steps = 0;
        Array.Fill(_sum, InitialAccumulator);
    }
}
