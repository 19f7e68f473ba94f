using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MathNet.Numerics;

namespace LossLandscape.Models;

/// <summary>
/// The activations and their derivatives in float64, as PyTorch defines them: tanh, relu (derivative 0 at 0),
/// sigmoid 1 / (1 + e^(−z)), exact GELU z/2·(1 + erf(z/√2)) and the identity.
/// </summary>
/// <remarks>
/// erf is MathNet.Numerics' <see cref="SpecialFunctions.Erf"/> (rational approximations after Boost; checked against
/// an arbitrary-precision erf to about 1e-16 relative in the tests).
/// </remarks>
internal static class ActivationFunctions
{
    private const double InverseSqrt2 = 0.70710678118654752440;
    private const double InverseSqrt2Pi = 0.39894228040143267794;

    /// <summary>The activation's value at z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(Activation activation, double z) => activation switch
    {
        Activation.Tanh => Math.Tanh(z),
        Activation.Relu => Math.Max(z, 0.0),
        Activation.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
        Activation.Gelu => z * 0.5 * (1.0 + SpecialFunctions.Erf(z * InverseSqrt2)),
        Activation.Linear => z,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };

    /// <summary>The derivative at z, given the value <paramref name="value"/> = f(z) (tanh and sigmoid use it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Derivative(Activation activation, double z, double value) => activation switch
    {
        Activation.Tanh => 1.0 - (value * value),
        Activation.Relu => z > 0 ? 1.0 : 0.0,
        Activation.Sigmoid => value * (1.0 - value),
        Activation.Gelu => (0.5 * (1.0 + SpecialFunctions.Erf(z * InverseSqrt2))) + (z * InverseSqrt2Pi * Math.Exp(-0.5 * z * z)),
        Activation.Linear => 1.0,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };

    /// <summary>
    /// Applies the activation to every element of <paramref name="z"/>, writing f(z) into <paramref name="destination"/>;
    /// tanh runs four lanes at a time with <see cref="TanhKernels"/>' vector tanh (a few ulps) and Math.Tanh on the tail.
    /// </summary>
    public static void Apply(Activation activation, ReadOnlySpan<double> z, Span<double> destination)
    {
        switch (activation)
        {
            case Activation.Tanh:
                var i0 = 0;
                for (; i0 <= z.Length - Vector256<double>.Count; i0 += Vector256<double>.Count)
                {
                    TanhKernels.Tanh(Vector256.Create(z.Slice(i0, Vector256<double>.Count))).CopyTo(destination.Slice(i0, Vector256<double>.Count));
                }

                for (; i0 < z.Length; i0++)
                {
                    destination[i0] = Math.Tanh(z[i0]);
                }

                break;
            case Activation.Relu:
                for (var i = 0; i < z.Length; i++)
                {
                    destination[i] = Math.Max(z[i], 0.0);
                }

                break;
            case Activation.Linear:
                z.CopyTo(destination);
                break;
            default:
                for (var i = 0; i < z.Length; i++)
                {
                    destination[i] = Value(activation, z[i]);
                }

                break;
        }
    }

    /// <summary>g ← g ⊙ f′(z) for every element, given a = f(z) (the backward pass's δ of a hidden layer).</summary>
    public static void MultiplyByDerivative(Activation activation, ReadOnlySpan<double> z, ReadOnlySpan<double> a, Span<double> g)
    {
        var i = 0;
        var width = Vector256<double>.Count;
        if (activation is Activation.Tanh or Activation.Relu or Activation.Sigmoid or Activation.Linear)
        {
            for (; i <= g.Length - width; i += width)
            {
                var av = Vector256.Create(a.Slice(i, width));
                var slope = activation switch
                {
                    Activation.Tanh => Vector256<double>.One - (av * av),
                    Activation.Relu => Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Create(z.Slice(i, width)), Vector256<double>.Zero), Vector256<double>.One, Vector256<double>.Zero),
                    Activation.Sigmoid => av * (Vector256<double>.One - av),
                    _ => Vector256<double>.One,
                };
                (Vector256.Create(g.Slice(i, width)) * slope).CopyTo(g.Slice(i, width));
            }
        }

        for (; i < g.Length; i++)
        {
            g[i] *= Derivative(activation, z[i], a[i]);
        }
    }
}
