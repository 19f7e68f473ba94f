using LossLandscape.Analysis;
using LossLandscape.Curvature;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Surface;
using LossLandscape.Tests.Data;

namespace LossLandscape.Tests.Models;

/// <summary>What each model says it can do, how a wrapper passes it on, and the loader that turns a source into a model.</summary>
public sealed class ModelCapabilityTests
{
    private static readonly double[] X = [-1.5, -0.4, 0.3, 1.1, 2.0];
    private static readonly double[] Y = [0.2, -0.3, 0.5, 0.1, -0.7];

    [Fact]
    public void TheSeedsNetworkIsTheSeedsFastPathAndAnswersDerivativesAndDefaultStartWithTheMlpOfItsSpec()
    {
        var network = new TanhNetwork(3);
        Assert.Same(network, network.Capability<ISeedNetwork>());
        Assert.Same(network, network.Capability<IUniformStart>());
        Assert.Null(network.Capability<IClassifier>());
        var dense = network.Capability<IDenseNetwork>()!.Network;
        Assert.Equal([1, 3, 1], dense.Spec.Layers);
        Assert.False(dense.Spec.Bias);
        Assert.Equal(LossKind.MeanSquaredError, dense.LossKind);
        Assert.Same(dense, network.Capability<IDefaultStart>());

        // The MLP's loss is the network's: the same 6 parameters, the same mean squared error (to rounding).
        double[] theta = [0.3, -0.8, 1.2, 0.5, -0.4, 0.9];
        Assert.Equal(network.Loss(theta, X, Y), dense.Loss(theta, X, Y), 1e-14);
        Assert.Equal(new Mlp(MlpSpec.Seed(3)).Initialize(7), network.Capability<IDefaultStart>()!.Initialize(7));
        Assert.Equal(network.Uniform(-1, 2), dense.Uniform(-1, 2));
    }

    [Fact]
    public void AnMlpAnswersEveryCapabilityButTheSeedsWithItself()
    {
        var mlp = new Mlp(new MlpSpec([1, 4, 1], Activation.Relu, Bias: true));
        Assert.Null(mlp.Capability<ISeedNetwork>());
        Assert.Same(mlp, mlp.Capability<IDenseNetwork>()!.Network);
        Assert.Same(mlp, mlp.Capability<IClassifier>());
        Assert.Same(mlp, mlp.Capability<IUniformStart>());
        Assert.Same(mlp, mlp.Capability<IDefaultStart>());
        Assert.True(((IModel)mlp).HasGradient);
    }

    [Fact]
    public void AWrapperThatPassesOnItsModelsCapabilitiesGetsTheSameExactHessianAndPlaneCalculus()
    {
        var mlp = new Mlp(new MlpSpec([1, 3, 1], Activation.Tanh, Bias: true));
        var wrapped = new Wrapper(mlp);
        var theta = mlp.Initialize(3);
        var v = Enumerable.Range(0, mlp.ParameterCount).Select(i => Math.Sin(i + 1.0)).ToArray();
        double[] Product(IModel model)
        {
            var hessian = HessianOperators.Create(model, X, Y);
            hessian.MoveTo(theta);
            var hv = new double[v.Length];
            hessian.Multiply(v, hv);
            return hv;
        }

        Assert.Equal(Product(mlp), Product(wrapped));
        var plane = new SurfacePlane(theta, v, [.. v.Select((x, i) => i % 2 == 0 ? x : -x)], "a", "b");
        Assert.IsType<MlpPlaneCalculus>(MlpPlaneCalculus.For(wrapped, plane, X, Y));

        // A model that declares nothing gets the general paths: no Hessian-vector products, gradient differences on the plane.
        var bare = new Wrapper(mlp, passOn: false);
        Assert.Equal("curvature", Assert.Throws<InvalidOptionException>(() => HessianOperators.Create(bare, X, Y)).Option);
        Assert.IsType<ModelPlaneCalculus>(MlpPlaneCalculus.For(bare, plane, X, Y));
    }

    [Fact]
    public void TheLoaderMakesTheSeedsNetworkOrAnMlpFromASpec()
    {
        Assert.NotNull(ModelLoader.Load(new ModelSource.Network(MlpSpec.Seed(2), LossKind.MeanSquaredError)).OrThrow().Capability<ISeedNetwork>());
        var classifier = ModelLoader.Load(new ModelSource.Network(new MlpSpec([2, 4, 3], Activation.Tanh, Bias: true), LossKind.CrossEntropy)).OrThrow();
        Assert.Null(classifier.Capability<ISeedNetwork>());
        Assert.Equal(LossKind.CrossEntropy, classifier.Capability<IClassifier>()!.LossKind);
    }

    [Fact]
    public void AGraphNeedsAnInstalledRuntimeWhichLoadsItOnceAndFreesItWithItsScope()
    {
        var source = new ModelSource.Graph(CsvTableTests.Fixture("cnn.onnx"), null, null, LossKind.CrossEntropy);
        var without = ModelLoader.Load(source);
        Assert.Null(without.Model);
        Assert.Equal("model", without.Error!.Option);
        Assert.Equal("cnn.onnx is a graph for ONNX Runtime, which this front end does not provide", without.Error.Message);

        var runtime = new OnnxRuntimeGraphs();
        IModel model;
        using (ModelLoader.Use(runtime))
        {
            model = ModelLoader.Load(source).OrThrow();
            Assert.Same(model, ModelLoader.Load(source with { }).Model);
            Assert.False(model.HasGradient);
            Assert.Equal(475, model.ParameterCount);
            Assert.NotNull(model.Capability<IClassifier>());
            Assert.Null(model.Capability<IDenseNetwork>());
            var bad = ModelLoader.Load(source with { Output = "nope" });
            Assert.Equal("output", bad.Error!.Option);
        }

        Assert.Null(ModelLoader.Load(source).Model);
        Assert.Throws<ObjectDisposedException>(() => runtime.Load(source));
    }

    [Fact]
    public void ReadingAnOnnxFileSaysWhetherItIsAnMlpAGraphForARuntimeOrBroken()
    {
        var mlp = OnnxMlpImport.TryRead(CsvTableTests.Fixture("mlp-tanh.onnx"));
        Assert.NotNull(mlp.Mlp);
        Assert.Null(mlp.Error);

        var cnn = OnnxMlpImport.TryRead(CsvTableTests.Fixture("cnn.onnx"));
        Assert.Null(cnn.Mlp);
        Assert.True(cnn.NotAnMlp);
        Assert.Equal("model", cnn.Error!.Option);

        var bytes = File.ReadAllBytes(CsvTableTests.Fixture("mlp-tanh.onnx"));
        var cut = OnnxMlpImport.TryParse(bytes[..(bytes.Length / 2)], "cut.onnx");
        Assert.Null(cut.Mlp);
        Assert.False(cut.NotAnMlp);
        Assert.StartsWith("cut.onnx is not a readable ONNX model", cut.Error!.Message, StringComparison.Ordinal);

        var missing = OnnxMlpImport.TryRead(Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid() + ".onnx"));
        Assert.False(missing.NotAnMlp);
        Assert.StartsWith("cannot read ", missing.Error!.Message, StringComparison.Ordinal);
    }

    /// <summary>A model that computes through another and, when asked, passes on that model's capabilities.</summary>
    private sealed class Wrapper(IModel inner, bool passOn = true) : IModel
    {
        public ModelLayout Layout => inner.Layout;

        public int ParameterCount => inner.ParameterCount;

        public int Inputs => inner.Inputs;

        public int Outputs => inner.Outputs;

        public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y) => inner.Loss(theta, x, y);

        public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient) =>
            inner.LossAndGradient(theta, x, y, gradient);

        public object? Capability(Type capability) => passOn ? inner.Capability(capability) : null;
    }
}
