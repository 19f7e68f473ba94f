using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LossLandscape.Optim;

/// <summary>
/// PyTorch's SGD: g ← ∇ + λθ; with momentum μ, b ← μb + (1 − τ)g (b ← g on the first step) and
/// g ← g + μb (Nesterov) or g ← b; then θ ← θ − lr·g.
/// </summary>
public sealed class Sgd : IOptimizer
{
    private double[] _buffer = [];
    private bool _started;

    /// <summary>The largest gradient norm the trainer lets through to <see cref="Step"/> (clip_grad_norm_); null for none.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Creates the optimizer; throws <see cref="InvalidOptionException"/> for values PyTorch rejects.</summary>
    /// <param name="momentum">Momentum factor μ (≥ 0).</param>
    /// <param name="dampening">Dampening τ of the momentum (0 ≤ τ ≤ 1).</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and τ = 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient (≥ 0).</param>
    public Sgd(double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
    {
        OptimizerChecks.AtLeastZero("momentum", momentum);
        OptimizerChecks.Between("dampening", dampening, 0, 1);
        OptimizerChecks.AtLeastZero("weight-decay", weightDecay);
        if (nesterov && momentum <= 0)
        {
            throw new InvalidOptionException("nesterov", "needs «momentum» > 0");
        }

        if (nesterov && dampening != 0)
        {
            throw new InvalidOptionException("nesterov", "needs «dampening» 0");
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
    }

    /// <inheritdoc />
    public string Name => "sgd";

    /// <summary>Momentum factor μ.</summary>
    public double Momentum { get; }

    /// <summary>Dampening τ.</summary>
    public double Dampening { get; }

    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>L2 penalty λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        OptimizerChecks.SameLength(parameters, gradient);
        if (Momentum != 0 && _buffer.Length != parameters.Length)
        {
            _buffer = new double[parameters.Length];
            _started = false;
        }

        var start = 0;
        if (WeightDecay == 0 && Momentum == 0)
        {
            // Plain SGD, four lanes at a time: the same product and difference per element as the loop below.
            var rate = Vector256.Create(learningRate);
            ref var p = ref MemoryMarshal.GetReference(parameters);
            ref var q = ref MemoryMarshal.GetReference(gradient);
            for (; start <= parameters.Length - Vector256<double>.Count; start += Vector256<double>.Count)
            {
                (Vector256.LoadUnsafe(ref p, (nuint)start) - (rate * Vector256.LoadUnsafe(ref q, (nuint)start))).StoreUnsafe(ref p, (nuint)start);
            }
        }

        for (var i = start; i < parameters.Length; i++)
        {
            var g = gradient[i];
            if (WeightDecay != 0)
            {
                g += WeightDecay * parameters[i];
            }

            if (Momentum != 0)
            {
                var b = _started ? (Momentum * _buffer[i]) + ((1 - Dampening) * g) : g;
                _buffer[i] = b;
                g = Nesterov ? g + (Momentum * b) : b;
            }

            parameters[i] -= learningRate * g;
        }

        _started = true;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _started = false;
        Array.Clear(_buffer);
    }
}
