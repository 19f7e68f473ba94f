using LossLandscape.Models;
using MathNet.Numerics;

namespace LossLandscape.Tests.Planes;

/// <summary>
/// A plain, unoptimised MLP (1 input, one output, any hidden sizes, tanh/relu/sigmoid/gelu) with backpropagation,
/// written for the tests only and checked against PyTorch's losses in mlp.json: the evaluation the projection tests
/// trust while the library's own Mlp is written elsewhere.
/// </summary>
internal sealed class ReferenceMlp(int[] sizes, string activation, bool bias) : IModel
{
    public ModelLayout Layout { get; } = ModelLayout.ForMlp(sizes, bias);

    public int ParameterCount => Layout.Count;

    public int Inputs => 1;

    public int Outputs => 1;

    public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        LossAndGradient(theta, x, y, new double[theta.Length]);

    public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient)
    {
        gradient.Clear();
        var layers = sizes.Length - 1;
        var sum = 0.0;
        var z = new double[layers][];
        var h = new double[layers + 1][];
        for (var k = 0; k < x.Length; k++)
        {
            h[0] = [x[k]];
            for (var l = 0; l < layers; l++)
            {
                var (w, b) = Tensors(l);
                z[l] = new double[sizes[l + 1]];
                for (var o = 0; o < sizes[l + 1]; o++)
                {
                    var s = b is null ? 0.0 : theta[b.Offset + o];
                    for (var i = 0; i < sizes[l]; i++)
                    {
                        s += theta[w.Offset + (o * sizes[l]) + i] * h[l][i];
                    }

                    z[l][o] = s;
                }

                h[l + 1] = l == layers - 1 ? z[l] : z[l].Select(Act).ToArray();
            }

            var r = h[layers][0] - y[k];
            sum += r * r;

            // Backward: delta = dL/dz for this sample (scaled by 2/n at the end).
            var delta = new[] { r };
            for (var l = layers - 1; l >= 0; l--)
            {
                var (w, b) = Tensors(l);
                for (var o = 0; o < sizes[l + 1]; o++)
                {
                    if (b is not null)
                    {
                        gradient[b.Offset + o] += delta[o];
                    }

                    for (var i = 0; i < sizes[l]; i++)
                    {
                        gradient[w.Offset + (o * sizes[l]) + i] += delta[o] * h[l][i];
                    }
                }

                if (l > 0)
                {
                    var previous = new double[sizes[l]];
                    for (var i = 0; i < sizes[l]; i++)
                    {
                        var s = 0.0;
                        for (var o = 0; o < sizes[l + 1]; o++)
                        {
                            s += theta[w.Offset + (o * sizes[l]) + i] * delta[o];
                        }

                        previous[i] = s * Derivative(z[l - 1][i]);
                    }

                    delta = previous;
                }
            }
        }

        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] *= 2.0 / x.Length;
        }

        return sum / x.Length;
    }

    private (ParameterTensor Weight, ParameterTensor? Bias) Tensors(int layer)
    {
        var w = Layout.Tensors.First(t => t.Layer == layer && t.Kind == TensorKind.Weight);
        var b = Layout.Tensors.FirstOrDefault(t => t.Layer == layer && t.Kind == TensorKind.Bias);
        return (w, b);
    }

    private double Act(double z) => activation switch
    {
        "tanh" => Math.Tanh(z),
        "relu" => Math.Max(0, z),
        "sigmoid" => 1 / (1 + Math.Exp(-z)),
        "gelu" => 0.5 * z * (1 + SpecialFunctions.Erf(z / Math.Sqrt(2))),
        _ => throw new ArgumentException(activation),
    };

    private double Derivative(double z) => activation switch
    {
        "tanh" => 1 - (Math.Tanh(z) * Math.Tanh(z)),
        "relu" => z > 0 ? 1 : 0,
        "sigmoid" => Act(z) * (1 - Act(z)),
        "gelu" => (0.5 * (1 + SpecialFunctions.Erf(z / Math.Sqrt(2)))) + (z * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI)),
        _ => throw new ArgumentException(activation),
    };
}
