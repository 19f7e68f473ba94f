using LossLandscape.Optim;

namespace LossLandscape.Curvature;

/// <summary>
/// The sharpness above which an optimizer's step is unstable on a quadratic, as the edge-of-stability literature
/// (Cohen et al. 2021, 2022) uses it, or the plain statement that no such limit on λmax applies.
/// </summary>
/// <param name="Factor">The limit is Factor / lr for the plain Hessian; null when none applies to λmax.</param>
/// <param name="Preconditioned">True when the limit applies to the preconditioned sharpness, not to λmax.</param>
/// <param name="Note">One line on what the limit means, or why there is none.</param>
public sealed record StabilityThreshold(double? Factor, bool Preconditioned, string Note)
{
    /// <summary>The limit at learning rate <paramref name="learningRate"/>, or null.</summary>
    public double? At(double learningRate) => Factor is { } f && learningRate > 0 ? f / learningRate : null;

    /// <summary>
    /// Plain gradient descent: 2/lr. Heavy-ball momentum β: (2 + 2β)/lr; Nesterov: (2 + 2β)/((1 + 2β)·lr).
    /// Adam: the preconditioned sharpness λmax(P⁻¹H), P = (1 − β₁ᵗ)·(diag(√v̂) + ε), against (2 + 2β₁)/((1 − β₁)·lr)
    /// (Cohen et al. 2022); 2/lr does not apply to λmax. Other adaptive methods: no limit.
    /// </summary>
    public static StabilityThreshold For(IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return optimizer switch
        {
            Sgd { Momentum: 0 } => new(2.0, false, "gradient descent is unstable on a quadratic whose λmax exceeds 2/lr"),
            Sgd { Nesterov: true } sgd => new((2 + (2 * sgd.Momentum)) / (1 + (2 * sgd.Momentum)), false, "Nesterov momentum β: unstable above (2 + 2β)/((1 + 2β)·lr)"),
            Sgd sgd => new(2 + (2 * sgd.Momentum), false, "heavy-ball momentum β: unstable above (2 + 2β)/lr"),
            Adam adam => new((2 + (2 * adam.Beta1)) / (1 - adam.Beta1), true, "2/lr does not apply to Adam: its limit (2 + 2β₁)/((1 − β₁)·lr) bounds the preconditioned sharpness λmax(P⁻¹H), P = (1 − β₁ᵗ)(diag(√v̂) + ε)"),
            _ => new(null, false, $"2/lr does not apply to {optimizer.Name}: its steps are preconditioned and no stability limit on λmax is known"),
        };
    }

    /// <summary>
    /// Adam's preconditioner P = (1 − β₁ᵗ)·(√(v/(1 − β₂ᵗ)) + ε) after <paramref name="steps"/> steps with second moment
    /// <paramref name="secondMoment"/> (the running max with AMSGrad), written to <paramref name="destination"/>:
    /// PyTorch's step is θ ← θ − lr·P⁻¹·m.
    /// </summary>
    public static void AdamPreconditioner(ReadOnlySpan<double> secondMoment, long steps, double beta1, double beta2, double epsilon, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (destination.Length != secondMoment.Length)
        {
            throw new ArgumentException("destination and secondMoment must have the same length");
        }

        var correction1 = 1 - Math.Pow(beta1, steps);
        var correction2Root = Math.Sqrt(1 - Math.Pow(beta2, steps));
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = correction1 * ((Math.Sqrt(secondMoment[i]) / correction2Root) + epsilon);
        }
    }
}
