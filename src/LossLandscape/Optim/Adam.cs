namespace LossLandscape.Optim;

/// <summary>
/// PyTorch's Adam and AdamW: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − lr/(1 − β₁ᵗ) · m / (√v̂/√(1 − β₂ᵗ) + ε),
/// with v̂ = max over steps of v (AMSGrad) or v. Adam adds λθ to the gradient; AdamW first shrinks θ by (1 − lr·λ).
/// </summary>
public sealed class Adam : IPreconditionedOptimizer
{
    private double[] _mean = [];
    private double[] _square = [];
    private double[] _maxSquare = [];
    private long _steps;

    /// <summary>The largest gradient norm the trainer lets through to <see cref="Step"/> (clip_grad_norm_); null for none.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Creates the optimizer; throws <see cref="InvalidOptionException"/> for values PyTorch rejects.</summary>
    /// <param name="beta1">Decay of the first moment (0 ≤ β₁ &lt; 1).</param>
    /// <param name="beta2">Decay of the second moment (0 ≤ β₂ &lt; 1).</param>
    /// <param name="epsilon">Added to the denominator (≥ 0).</param>
    /// <param name="weightDecay">Weight decay λ (≥ 0).</param>
    /// <param name="amsGrad">Use the largest second moment seen so far (AMSGrad).</param>
    /// <param name="decoupled">AdamW: decay the weights directly instead of adding λθ to the gradient.</param>
    public Adam(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0, bool amsGrad = false, bool decoupled = false)
    {
        OptimizerChecks.UnitInterval("beta1", beta1);
        OptimizerChecks.UnitInterval("beta2", beta2);
        OptimizerChecks.AtLeastZero("eps", epsilon);
        OptimizerChecks.AtLeastZero("weight-decay", weightDecay);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        AmsGrad = amsGrad;
        Decoupled = decoupled;
    }

    /// <inheritdoc />
    public string Name => Decoupled ? "adamw" : "adam";

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <summary>AMSGrad.</summary>
    public bool AmsGrad { get; }

    /// <summary>True for AdamW (decoupled weight decay).</summary>
    public bool Decoupled { get; }

    /// <inheritdoc />
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        OptimizerChecks.SameLength(parameters, gradient);
        if (_mean.Length != parameters.Length)
        {
            _mean = new double[parameters.Length];
            _square = new double[parameters.Length];
            _maxSquare = AmsGrad ? new double[parameters.Length] : [];
            _steps = 0;
        }

        _steps++;
        var correction1 = 1 - Math.Pow(Beta1, _steps);
        var correction2Root = Math.Sqrt(1 - Math.Pow(Beta2, _steps));
        var stepSize = learningRate / correction1;
        var shrink = Decoupled ? 1 - (learningRate * WeightDecay) : 1;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            if (Decoupled)
            {
                parameters[i] *= shrink;
            }
            else if (WeightDecay != 0)
            {
                g += WeightDecay * parameters[i];
            }

            var m = _mean[i] = (Beta1 * _mean[i]) + ((1 - Beta1) * g);
            var v = _square[i] = (Beta2 * _square[i]) + ((1 - Beta2) * g * g);
            if (AmsGrad)
            {
                v = _maxSquare[i] = Math.Max(_maxSquare[i], v);
            }

            parameters[i] -= stepSize * m / ((Math.Sqrt(v) / correction2Root) + Epsilon);
        }
    }

    /// <summary>
    /// P = (1 − β₁ᵗ)·(√v̂ₜ/√(1 − β₂ᵗ) + ε) after the t steps taken (v̂ the running max with AMSGrad), as Cohen et al.
    /// (2022) define Adam's preconditioner: the step is θ ← θ − lr·P⁻¹·m. Weight decay is not part of P.
    /// </summary>
    public bool WritePreconditioner(Span<double> destination)
    {
        if (_steps == 0)
        {
            return false;
        }

        if (destination.Length != _square.Length)
        {
            throw new ArgumentException($"the destination must have {_square.Length} entries, one per parameter", nameof(destination));
        }

        Curvature.StabilityThreshold.AdamPreconditioner(AmsGrad ? _maxSquare : _square, _steps, Beta1, Beta2, Epsilon, destination);
        return true;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _steps = 0;
        Array.Clear(_mean);
        Array.Clear(_square);
        Array.Clear(_maxSquare);
    }
}
