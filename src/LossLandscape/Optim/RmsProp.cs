namespace LossLandscape.Optim;

/// <summary>
/// PyTorch's RMSprop: g ← ∇ + λθ, s ← αs + (1 − α)g², d ← √(s − ḡ²) + ε with ḡ ← αḡ + (1 − α)g when centered
/// (else √s + ε); then θ ← θ − lr·g/d, or with momentum μ, b ← μb + g/d and θ ← θ − lr·b.
/// </summary>
public sealed class RmsProp : IOptimizer
{
    private double[] _square = [];
    private double[] _average = [];
    private double[] _buffer = [];

    /// <summary>The largest gradient norm the trainer lets through to <see cref="Step"/> (clip_grad_norm_); null for none.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Creates the optimizer; throws <see cref="InvalidOptionException"/> for values PyTorch rejects.</summary>
    /// <param name="alpha">Smoothing constant α of the squared-gradient average (0 ≤ α ≤ 1).</param>
    /// <param name="epsilon">Added to the denominator (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ (≥ 0).</param>
    /// <param name="momentum">Momentum factor μ (≥ 0).</param>
    /// <param name="centered">Normalize by the estimated variance instead of the raw second moment.</param>
    public RmsProp(double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
    {
        OptimizerChecks.Between("rmsprop-alpha", alpha, 0, 1);
        OptimizerChecks.AtLeastZero("eps", epsilon);
        OptimizerChecks.AtLeastZero("weight-decay", weightDecay);
        OptimizerChecks.AtLeastZero("momentum", momentum);
        Alpha = alpha;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Momentum = momentum;
        Centered = centered;
    }

    /// <inheritdoc />
    public string Name => "rmsprop";

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>Centered variant.</summary>
    public bool Centered { get; }

    /// <inheritdoc />
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        OptimizerChecks.SameLength(parameters, gradient);
        if (_square.Length != parameters.Length)
        {
            _square = new double[parameters.Length];
            _average = Centered ? new double[parameters.Length] : [];
            _buffer = Momentum > 0 ? new double[parameters.Length] : [];
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            if (WeightDecay != 0)
            {
                g += WeightDecay * parameters[i];
            }

            var s = _square[i] = (Alpha * _square[i]) + ((1 - Alpha) * g * g);
            if (Centered)
            {
                var a = _average[i] = (Alpha * _average[i]) + ((1 - Alpha) * g);
                s -= a * a;
            }

            var denominator = Math.Sqrt(s) + Epsilon;
            if (Momentum > 0)
            {
                var b = _buffer[i] = (Momentum * _buffer[i]) + (g / denominator);
                parameters[i] -= learningRate * b;
            }
            else
            {
                parameters[i] -= learningRate * g / denominator;
            }
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        Array.Clear(_square);
        Array.Clear(_average);
        Array.Clear(_buffer);
    }
}
