using LossLandscape.Models;

namespace LossLandscape.Tests.Models;

public sealed class MlpSpecTests
{
    [Theory]
    [InlineData(new[] { 1 }, "layers", "at least two sizes")]
    [InlineData(new[] { 1, 0, 1 }, "layers", "between 1 and")]
    [InlineData(new[] { 2, 4, 1 }, "layers", "input size must be the data's 1 (got 2)")]
    [InlineData(new[] { 1, 4, 3 }, "layers", "output size must be 1 (got 3)")]
    [InlineData(new[] { 1, 65536, 65536, 1 }, "layers", "at most 10000000")]
    public void BadLayersAreNamed(int[] layers, string field, string message)
    {
        var error = Assert.Single(new MlpSpec(layers).Validate(inputs: 1));
        Assert.Equal(field, error.Option);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownActivationIsNamed()
    {
        var error = Assert.Single(new MlpSpec([1, 2, 1], (Activation)42).Validate());
        Assert.Equal("activation", error.Option);
        Assert.Throws<InvalidOptionException>(() => new Mlp(new MlpSpec([1, 2, 1], (Activation)42)));
    }

    [Fact]
    public void TheLayoutUsesPyTorchsStateDictNames()
    {
        var model = new Mlp(new MlpSpec([1, 16, 16, 1], Activation.Relu, Bias: true));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], model.Layout.Tensors.Select(t => t.Name));
        Assert.Equal(16 + 16 + 256 + 16 + 16 + 1, model.ParameterCount);
        Assert.Equal(3, model.Layout.LayerCount);
        Assert.Equal(model.ParameterCount, new MlpSpec([1, 16, 16, 1], Activation.Relu, true).ParameterCount);
        Assert.Empty(new MlpSpec([1, 16, 16, 1]).Validate(inputs: 1));
        Assert.True(MlpSpec.Seed(7).IsSeedShape);
    }

    [Fact]
    public void W1W2StartsOnlyFitTheSeedsShape()
    {
        var error = Assert.Throws<InvalidOptionException>(() => new Mlp(new MlpSpec([1, 4, 4, 1])).Uniform(1, 2));
        Assert.Equal("init", error.Option);
        var theta = new Mlp(new MlpSpec([1, 3, 1], Activation.Tanh, Bias: true)).Uniform(1, 2);
        Assert.Equal([1, 1, 1, 0, 0, 0, 2, 2, 2, 0], theta);
    }
}
