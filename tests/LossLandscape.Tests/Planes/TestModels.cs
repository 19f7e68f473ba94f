using LossLandscape.Models;

namespace LossLandscape.Tests.Planes;

/// <summary><see cref="TanhNetwork"/> behind the model contract: layout 0.weight [N×1], 2.weight [1×N], as nn.Sequential names them.</summary>
internal sealed class TanhModel(int hidden) : IModel
{
    public TanhNetwork Network { get; } = new(hidden);

    public ModelLayout Layout { get; } = ModelLayout.ForMlp([1, hidden, 1], bias: false);

    public int ParameterCount => Network.ParameterCount;

    public int Inputs => 1;

    public int Outputs => 1;

    public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y) => Network.Loss(theta, x, y);

    public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient) =>
        Network.LossAndGradient(theta, x, y, gradient);
}

/// <summary>
/// L(θ) = ½(θ − c)ᵀA(θ − c) + mean(y) (the data only shift it): gradient A(θ − c), Hessian A, known exactly.
/// Laid out as a 1 → n → 1 MLP with biases so the planes see weights and biases.
/// </summary>
internal sealed class QuadraticModel : IModel
{
    private readonly double[,] _a;
    private readonly double[] _c;

    public QuadraticModel(int hidden, int seed)
    {
        Layout = ModelLayout.ForMlp([1, hidden, 1], bias: true);
        var n = Layout.Count;
        var random = new Random(seed);
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[i, j] = (random.NextDouble() * 2) - 1;
            }
        }

        // A = MᵀM + I: symmetric positive definite.
        _a = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = i == j ? 1.0 : 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += m[k, i] * m[k, j];
                }

                _a[i, j] = sum;
            }
        }

        _c = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
    }

    public ModelLayout Layout { get; }

    public int ParameterCount => Layout.Count;

    public int Inputs => 1;

    public int Outputs => 1;

    public double[] Center => _c;

    /// <summary>dᵢᵀ A dⱼ.</summary>
    public double Form(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            for (var j = 0; j < q.Length; j++)
            {
                sum += p[i] * _a[i, j] * q[j];
            }
        }

        return sum;
    }

    public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Span<double> g = new double[theta.Length];
        return LossAndGradient(theta, x, y, g);
    }

    public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient)
    {
        var n = theta.Length;
        var loss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = 0.0;
            for (var j = 0; j < n; j++)
            {
                row += _a[i, j] * (theta[j] - _c[j]);
            }

            gradient[i] = row;
            loss += 0.5 * (theta[i] - _c[i]) * row;
        }

        var mean = 0.0;
        foreach (var v in y)
        {
            mean += v;
        }

        return loss + (mean / y.Length);
    }
}

/// <summary>
/// Linear regression ŷ = w·x + b (one input, one output) with the mean squared error: the loss is quadratic in θ with
/// Hessian 2·mean([[x², x], [x, 1]]), zero when every x is 0 (a flat surface).
/// </summary>
internal sealed class LinearRegressionModel : IModel
{
    public ModelLayout Layout { get; } = ModelLayout.ForMlp([1, 1], bias: true);

    public int ParameterCount => 2;

    public int Inputs => 1;

    public int Outputs => 1;

    public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Span<double> g = stackalloc double[2];
        return LossAndGradient(theta, x, y, g);
    }

    public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient)
    {
        double sum = 0, gw = 0, gb = 0;
        for (var k = 0; k < x.Length; k++)
        {
            var r = (theta[0] * x[k]) + theta[1] - y[k];
            sum += r * r;
            gw += r * x[k];
            gb += r;
        }

        gradient[0] = 2 * gw / x.Length;
        gradient[1] = 2 * gb / x.Length;
        return sum / x.Length;
    }
}
