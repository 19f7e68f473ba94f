using LossLandscape.Models;

namespace LossLandscape.Tests.Models;

/// <summary>The MLP's gradient against central differences of its loss, its erf, and its agreement with the seed's network.</summary>
public sealed class MlpGradientTests
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
    public void GradientMatchesCentralDifferences(Activation activation, bool bias)
    {
        // Two inputs and three hidden layers of different widths exercise every index of the backward pass; 70 samples
        // span two chunks.
        var model = new Mlp(new MlpSpec([2, 5, 3, 4, 1], activation, bias));
        var random = new Random(11);
        var theta = ScalarReference.Normal(random, model.ParameterCount, 0.7);
        var x = ScalarReference.Normal(random, 2 * 70, 1.5);
        var y = ScalarReference.Normal(random, 70, 1.0);
        var gradient = new double[model.ParameterCount];
        var loss = model.LossAndGradient(theta, x, y, gradient);
        Assert.Equal(model.Loss(theta, x, y), loss, 14);

        var worst = 0.0;
        var scale = gradient.Max(Math.Abs);
        for (var p = 0; p < theta.Length; p++)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(theta[p]));
            var saved = theta[p];
            theta[p] = saved + h;
            var up = model.Loss(theta, x, y);
            theta[p] = saved - h;
            var down = model.Loss(theta, x, y);
            theta[p] = saved;
            worst = Math.Max(worst, Math.Abs(((up - down) / (2 * h)) - gradient[p]) / scale);
        }

        // relu's kink is met by no sample at these weights; central differences are good to about 1e-9 here.
        Assert.True(worst < 1e-7, $"{activation}, bias {bias}: worst error {worst:E2} of the largest gradient entry {scale:E2}");
    }

    [Fact]
    public void SeveralOutputsAverageTheSquaredErrorOverEveryOutput()
    {
        var model = new Mlp(new MlpSpec([1, 3, 2], Activation.Tanh, Bias: true));
        var theta = ScalarReference.Normal(new Random(3), model.ParameterCount, 1.0);
        double[] x = [0.5, -1.0];
        double[] y = [1.0, 2.0, 3.0, 4.0];
        var predictions = new double[4];
        model.Predict(theta, x, predictions);
        var expected = predictions.Zip(y, (p, t) => (p - t) * (p - t)).Average();
        Assert.Equal(expected, model.Loss(theta, x, y), 14);

        // The first output of the first sample by hand: W₂·tanh(W₀·x + b₀) + b₂ (layer 1's row 0).
        var hidden = Enumerable.Range(0, 3).Select(h => Math.Tanh((theta[h] * 0.5) + theta[3 + h])).ToArray();
        Assert.Equal((theta[6] * hidden[0]) + (theta[7] * hidden[1]) + (theta[8] * hidden[2]) + theta[12], predictions[0], 14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void TheSeedsNetworkIsTheMlpOfItsSpec(int hidden)
    {
        var network = new TanhNetwork(hidden);
        var mlp = new Mlp(network.Spec);
        Assert.Equal(network.Layout.Tensors.Select(t => (t.Name, t.Offset, t.Length)), mlp.Layout.Tensors.Select(t => (t.Name, t.Offset, t.Length)));
        var train = ScalarReference.SeedTrainSet();
        var theta = ScalarReference.Normal(new Random(hidden), network.ParameterCount, 0.8);
        var g1 = new double[theta.Length];
        var g2 = new double[theta.Length];
        Assert.Equal(network.LossAndGradient(theta, train.X, train.Y, g1), mlp.LossAndGradient(theta, train.X, train.Y, g2), 1e-10);
        Assert.Equal(network.Loss(theta, train.X, train.Y), mlp.Loss(theta, train.X, train.Y), 1e-10);
        for (var p = 0; p < theta.Length; p++)
        {
            Assert.Equal(g1[p], g2[p], 1e-10 * Math.Max(1, Math.Abs(g1[p])));
        }

        Assert.Equal(network.Uniform(-1.5, 0.25), mlp.Uniform(-1.5, 0.25));
    }

    [Theory]
    [InlineData(1e-8, 1.1283791670955125599e-8)]
    [InlineData(0.1, 0.1124629160182848984)]
    [InlineData(0.5, 0.52049987781304653768)]
    [InlineData(0.9, 0.79690821242283213966)]
    [InlineData(1.3, 0.93400794494065244585)]
    [InlineData(2.0, 0.99532226501895273416)]
    [InlineData(3.5, 0.99999925690162765859)]
    [InlineData(-0.7, -0.67780119383741844228)]
    [InlineData(5.0, 0.99999999999846254021)]
    public void GeluUsesAnErfAccurateToTheLastBits(double x, double erf)
    {
        // erf values from mpmath at 40 digits. GELU(x·√2) = x·√2·(1 + erf(x))/2.
        var z = x * Math.Sqrt(2);
        var expected = z * 0.5 * (1 + erf);
        Assert.True(ScalarReference.RelativeError(ActivationFunctions.Value(Activation.Gelu, z), expected) < 4e-16);
        Assert.True(ScalarReference.RelativeError(MathNet.Numerics.SpecialFunctions.Erf(x), erf) < 3e-16);
    }

    [Fact]
    public void ResultsDoNotDependOnTheThread()
    {
        var model = new Mlp(new MlpSpec([1, 16, 16, 1], Activation.Gelu, Bias: true));
        var theta = model.Initialize(5);
        var seed = ScalarReference.SeedTrainSet();
        var train = new LossLandscape.Data.RegressionSet(seed.X[..700], seed.Y[..700]);
        var expected = model.Loss(theta, train.X, train.Y);
        var gradient = new double[theta.Length];
        model.LossAndGradient(theta, train.X, train.Y, gradient);
        var results = new (double Loss, double[] Gradient)[8];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var g = new double[theta.Length];
            model.LossAndGradient(theta, train.X, train.Y, g);
            results[i] = (model.Loss(theta, train.X, train.Y), g);
        });
        Assert.All(results, r =>
        {
            Assert.Equal(expected, r.Loss);
            Assert.Equal(gradient, r.Gradient);
        });
    }
}
