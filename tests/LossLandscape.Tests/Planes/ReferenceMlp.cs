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
    private readonly (ParameterTensor Weight, ParameterTensor? Bias)[] _tensors = Enumerable.Range(0, sizes.Length - 1).Select(l =>
    {
        var layout = ModelLayout.ForMlp(sizes, bias);
        return (layout.Tensors.First(t => t.Layer == l && t.Kind == TensorKind.Weight), layout.Tensors.FirstOrDefault(t => t.Layer == l && t.Kind == TensorKind.Bias));
    }).ToArray();

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
        var delta = new double[layers][];
        for (var l = 0; l < layers; l++)
        {
            z[l] = new double[sizes[l + 1]];
            h[l + 1] = new double[sizes[l + 1]];
            delta[l] = new double[sizes[l + 1]];
        }

        h[0] = new double[1];
        for (var k = 0; k < x.Length; k++)
        {
            h[0][0] = x[k];
            for (var l = 0; l < layers; l++)
            {
                var (w, b) = _tensors[l];
                for (var o = 0; o < sizes[l + 1]; o++)
                {
                    var s = b is null ? 0.0 : theta[b.Offset + o];
                    for (var i = 0; i < sizes[l]; i++)
                    {
                        s += theta[w.Offset + (o * sizes[l]) + i] * h[l][i];
                    }

                    z[l][o] = s;
                    h[l + 1][o] = l == layers - 1 ? s : Act(s);
                }
            }

            var r = h[layers][0] - y[k];
            sum += r * r;

            // Backward: delta[l] = dL/dz of layer l for this sample (scaled by 2/n at the end).
            delta[layers - 1][0] = r;
            for (var l = layers - 1; l >= 0; l--)
            {
                var (w, b) = _tensors[l];
                for (var o = 0; o < sizes[l + 1]; o++)
                {
                    if (b is not null)
                    {
                        gradient[b.Offset + o] += delta[l][o];
                    }

                    for (var i = 0; i < sizes[l]; i++)
                    {
                        gradient[w.Offset + (o * sizes[l]) + i] += delta[l][o] * h[l][i];
                    }
                }

                if (l > 0)
                {
                    for (var i = 0; i < sizes[l]; i++)
                    {
                        var s = 0.0;
                        for (var o = 0; o < sizes[l + 1]; o++)
                        {
                            s += theta[w.Offset + (o * sizes[l]) + i] * delta[l][o];
                        }

                        delta[l - 1][i] = s * Derivative(z[l - 1][i]);
                    }
                }
            }
        }

        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] *= 2.0 / x.Length;
        }

        return sum / x.Length;
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
        "sigmoid" => (1 / (1 + Math.Exp(-z))) * (1 - (1 / (1 + Math.Exp(-z)))),
        "gelu" => (0.5 * (1 + SpecialFunctions.Erf(z / Math.Sqrt(2)))) + (z * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI)),
        _ => throw new ArgumentException(activation),
    };
}
