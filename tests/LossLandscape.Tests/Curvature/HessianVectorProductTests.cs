using LossLandscape.Curvature;
using LossLandscape.Models;

namespace LossLandscape.Tests.Curvature;

/// <summary>The R-operator's Hessian-vector products against central differences of exact gradients and against each other.</summary>
[Trait("Category", "Kernels")]
public sealed class HessianVectorProductTests
{
    public static TheoryData<Activation, bool> ActivationsAndBiases()
    {
        var data = new TheoryData<Activation, bool>();
        foreach (var activation in Enum.GetValues<Activation>())
        {
            data.Add(activation, false);
            data.Add(activation, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ActivationsAndBiases))]
    public void ProductMatchesCentralDifferencesOfGradients(Activation activation, bool bias)
    {
        // Two inputs, three hidden layers of different widths and two outputs exercise every index; 150 samples span
        // three chunks.
        var model = new Mlp(new MlpSpec([2, 5, 3, 4, 2], activation, bias));
        var random = new Random(17);
        var theta = ScalarReference.Normal(random, model.ParameterCount, 0.7);
        var x = ScalarReference.Normal(random, 2 * 150, 1.5);
        var y = ScalarReference.Normal(random, 2 * 150, 1.0);
        var v = ScalarReference.Normal(random, model.ParameterCount, 1.0);
        var hessian = HessianOperators.Create(model, x, y);
        hessian.MoveTo(theta);
        var hv = new double[model.ParameterCount];
        hessian.Multiply(v, hv);

        // The gradient that MoveTo computes is the model's.
        var gradient = new double[model.ParameterCount];
        var loss = model.LossAndGradient(theta, x, y, gradient);
        Assert.Equal(loss, hessian.Loss, 12);
        for (var i = 0; i < gradient.Length; i++)
        {
            Assert.Equal(gradient[i], hessian.Gradient[i], 10);
        }

        var h = 1e-5;
        var up = new double[theta.Length];
        var down = new double[theta.Length];
        var plus = theta.Select((t, i) => t + (h * v[i])).ToArray();
        var minus = theta.Select((t, i) => t - (h * v[i])).ToArray();
        model.LossAndGradient(plus, x, y, up);
        model.LossAndGradient(minus, x, y, down);
        var scale = hv.Max(Math.Abs);
        var worst = 0.0;
        for (var i = 0; i < hv.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(((up[i] - down[i]) / (2 * h)) - hv[i]) / scale);
        }

        // Central differences of exact gradients are good to about h² ≈ 1e-10 here (relu's kinks are met by no sample).
        Assert.True(scale > 0.1, $"{activation}: the product is {scale}");
        Assert.True(worst < 1e-7, $"{activation}, bias {bias}: worst error {worst:E2} of the largest entry {scale:E2}");
    }

    [Fact]
    public void ProductIsLinearSymmetricAndTheSameWithoutTheCache()
    {
        var model = new Mlp(new MlpSpec([1, 6, 6, 1], Activation.Gelu, Bias: true));
        var random = new Random(5);
        var theta = ScalarReference.Normal(random, model.ParameterCount, 0.8);
        var x = ScalarReference.Normal(random, 1300, 1.5);
        var y = ScalarReference.Normal(random, 1300, 1.0);
        var u = ScalarReference.Normal(random, model.ParameterCount, 1.0);
        var v = ScalarReference.Normal(random, model.ParameterCount, 1.0);
        var hessian = HessianOperators.Create(model, x, y);
        hessian.MoveTo(theta);
        Assert.True(hessian.Caches);
        var hu = new double[u.Length];
        var hv = new double[u.Length];
        hessian.Multiply(u, hu);
        hessian.Multiply(v, hv);
        var uhv = u.Zip(hv, (a, b) => a * b).Sum();
        var vhu = v.Zip(hu, (a, b) => a * b).Sum();
        Assert.Equal(uhv, vhu, 1e-10 * Math.Abs(uhv));

        // Products repeat bit for bit (fixed reduction order).
        var again = new double[u.Length];
        hessian.Multiply(u, again);
        Assert.Equal(hu, again);

        var uncached = new MlpHessian(model, x, y, cacheBudget: 0);
        uncached.MoveTo(theta);
        Assert.False(uncached.Caches);
        uncached.Multiply(u, again);
        Assert.Equal(hu, again);
        Assert.Equal(hessian.Loss, uncached.Loss);
    }

    [Fact]
    public void TanhNetworkGetsTheProductOfItsMlp()
    {
        var network = new TanhNetwork(4);
        var random = new Random(9);
        var theta = ScalarReference.Normal(random, network.ParameterCount, 1.0);
        var x = ScalarReference.Normal(random, 200, 2.0);
        var y = ScalarReference.Normal(random, 200, 1.0);
        var v = ScalarReference.Normal(random, network.ParameterCount, 1.0);
        var fromNetwork = HessianOperators.Create(network, x, y);
        var fromMlp = HessianOperators.Create(new Mlp(network.Spec), x, y);
        fromNetwork.MoveTo(theta);
        fromMlp.MoveTo(theta);
        var a = new double[v.Length];
        var b = new double[v.Length];
        fromNetwork.Multiply(v, a);
        fromMlp.Multiply(v, b);
        Assert.Equal(b, a);
        Assert.Equal(network.Loss(theta, x, y), fromNetwork.Loss, 12);
    }

    [Fact]
    public void ModelsWithoutProductsAreRejectedNamingTheOption()
    {
        var error = Assert.Throws<InvalidOptionException>(() => HessianOperators.Create(new OpaqueModel(), [1.0], [1.0]));
        Assert.Equal("curvature", error.Option);
    }

    private sealed class OpaqueModel : IModel
    {
        public ModelLayout Layout { get; } = ModelLayout.ForMlp([1, 1], bias: false);

        public int ParameterCount => 1;

        public int Inputs => 1;

        public int Outputs => 1;

        public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y) => 0;

        public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient) => 0;
    }
}
