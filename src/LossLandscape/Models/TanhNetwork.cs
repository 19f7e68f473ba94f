
namespace LossLandscape.Models;

/// <summary>
/// The 1 → N → 1 network without biases: ŷ = Σₕ vₕ·tanh(uₕ·x), with u the hidden weights and v the output weights.
/// Parameters are one flat vector: [u₀..u_{N-1}, v₀..v_{N-1}], i.e. PyTorch's <c>0.weight</c> (N × 1) then
/// <c>2.weight</c> (1 × N): the <see cref="Mlp"/> of <see cref="MlpSpec.Seed"/>(N), computed by SIMD kernels.
/// It is the seed's exact fast path (<see cref="ISeedNetwork"/>); its exact derivatives and PyTorch's default start are
/// those of the MLP of its spec, which answers <see cref="IDenseNetwork"/> and <see cref="IDefaultStart"/> for it.
/// </summary>
public sealed class TanhNetwork : ISeedNetwork, IUniformStart
{
    private Mlp? _mlp;

    /// <summary>Creates a network with <paramref name="hidden"/> tanh units.</summary>
    public TanhNetwork(int hidden)
    {
        if (hidden < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "hidden must be at least 1");
        }

        Hidden = hidden;
        Layout = ModelLayout.ForMlp([1, hidden, 1], bias: false);
    }

    /// <summary>Number of hidden units.</summary>
    public int Hidden { get; }

    /// <summary>Where each layer's weights lie in the flat vector: <c>0.weight</c> (hidden) and <c>2.weight</c> (output).</summary>
    public ModelLayout Layout { get; }

    /// <summary>Number of parameters (2N).</summary>
    public int ParameterCount => 2 * Hidden;

    /// <inheritdoc/>
    public int Inputs => 1;

    /// <inheritdoc/>
    public int Outputs => 1;

    /// <summary>The spec of this network: an <see cref="Mlp"/> made from it has the same layout and the same losses.</summary>
    public MlpSpec Spec => MlpSpec.Seed(Hidden);

    /// <summary>The seed's own capabilities, else the MLP of its spec's <see cref="IDenseNetwork"/> and <see cref="IDefaultStart"/>.</summary>
    public object? Capability(Type capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        if (capability.IsInstanceOfType(this))
        {
            return this;
        }

        return capability == typeof(IDenseNetwork) || capability == typeof(IDefaultStart) ? _mlp ??= new Mlp(Spec) : null;
    }

    /// <summary>The parameter vector with every hidden weight set to <paramref name="w1"/> and every output weight to <paramref name="w2"/>.</summary>
    public double[] Uniform(double w1, double w2)
    {
        var theta = new double[ParameterCount];
        theta.AsSpan(0, Hidden).Fill(w1);
        theta.AsSpan(Hidden).Fill(w2);
        return theta;
    }

    /// <summary>The network's output for one input.</summary>
    public double Predict(ReadOnlySpan<double> theta, double x)
    {
        CheckLength(theta);
        var u = theta[..Hidden];
        var v = theta[Hidden..];
        var sum = 0.0;
        for (var h = 0; h < u.Length; h++)
        {
            sum += v[h] * Math.Tanh(u[h] * x);
        }

        return sum;
    }

    /// <summary>The mean squared error over all pairs (the exact mean, not a mean of batch means), by the SIMD kernel.</summary>
    public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLength(theta);
        CheckData(x, y);
        return TanhKernels.SumSquaredErrors(theta[..Hidden], theta[Hidden..], x, y) / x.Length;
    }

    /// <summary>
    /// The mean squared error over the batch and its gradient, written to <paramref name="gradient"/>.
    /// One SIMD pass over the batch (tanh once per unit and sample); allocates nothing.
    /// </summary>
    public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient)
    {
        CheckLength(theta);
        CheckData(x, y);
        if (gradient.Length != ParameterCount)
        {
            throw new ArgumentException($"gradient must have {ParameterCount} entries", nameof(gradient));
        }

        var scale = 2.0 / x.Length;
        if (TanhKernels.IsVectorized && Hidden <= TanhKernels.MaxGradientHidden)
        {
            var squares = TanhKernels.SumsForGradient(theta[..Hidden], theta[Hidden..], x, y, gradient[..Hidden], gradient[Hidden..]);
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] *= scale;
            }

            return squares / x.Length;
        }

        gradient.Clear();
        var sum = 0.0;
        if (Hidden == 1)
        {
            double u = theta[0], v = theta[1], gu = 0, gv = 0;
            for (var k = 0; k < x.Length; k++)
            {
                var t = Math.Tanh(u * x[k]);
                var r = (v * t) - y[k];
                sum += r * r;
                gv += r * t;
                gu += r * (1 - (t * t)) * x[k];
            }

            gradient[0] = scale * v * gu;
            gradient[1] = scale * gv;
            return sum / x.Length;
        }

        var uw = theta[..Hidden];
        var vw = theta[Hidden..];
        var gU = gradient[..Hidden];
        var gV = gradient[Hidden..];
        for (var k = 0; k < x.Length; k++)
        {
            var xk = x[k];
            var prediction = 0.0;
            for (var h = 0; h < uw.Length; h++)
            {
                prediction += vw[h] * Math.Tanh(uw[h] * xk);
            }

            var r = prediction - y[k];
            sum += r * r;
            for (var h = 0; h < uw.Length; h++)
            {
                var t = Math.Tanh(uw[h] * xk);
                gV[h] += r * t;
                gU[h] += r * vw[h] * (1 - (t * t)) * xk;
            }
        }

        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] *= scale;
        }

        return sum / x.Length;
    }

    private void CheckLength(ReadOnlySpan<double> theta)
    {
        if (theta.Length != ParameterCount)
        {
            throw new ArgumentException($"theta must have {ParameterCount} entries (got {theta.Length})", nameof(theta));
        }
    }

    private static void CheckData(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length == 0)
        {
            throw new ArgumentException("x and y must be non-empty and of equal length");
        }
    }
}
