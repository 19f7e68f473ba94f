using System.Text.RegularExpressions;
using LossLandscape.Testing;

namespace LossLandscape.Tests;

/// <summary>
/// Models say what they can do: outside src/LossLandscape/Models/ (and the ONNX Runtime project, which is a model) no
/// code tests a model's type, and nothing in src/ decides on an exception's message.
/// </summary>
public sealed partial class ModelCapabilityScanTests
{
    private const string ModelTypes = "Mlp|TanhNetwork|OnnxRuntimeModel|IEvaluatedModel|OnnxMlp|ISeedNetwork|IDenseNetwork|IClassifier|IUniformStart|IDefaultStart";

    [Fact]
    public void NoCodeOutsideModelsTestsAModelsType()
    {
        var found = Scan(TypeTest(), file => !IsModelFile(file));
        Assert.True(found.Length == 0, "type tests on models outside Models/ (ask model.Capability<T>() instead):\n" + string.Join('\n', found));
    }

    [Fact]
    public void NoCodeDecidesOnAnExceptionsMessage()
    {
        var found = Scan(MessageDecision(), _ => true);
        Assert.True(found.Length == 0, "decisions on an exception's message (return a result or throw a type instead):\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("if (model is Mlp mlp)")]
    [InlineData("model is not TanhNetwork")]
    [InlineData("var m = model as OnnxRuntimeModel;")]
    [InlineData("    case Mlp mlp when mlp.Outputs == 1:")]
    [InlineData("    TanhNetwork network => network.Uniform(1, 2),")]
    [InlineData("    Mlp { LossKind: LossKind.MeanSquaredError } mlp => new MlpHessian(mlp, x, y),")]
    [InlineData("var mlp = (Mlp)model;")]
    [InlineData("models.OfType<IEvaluatedModel>()")]
    [InlineData("model.Capability<Mlp>()")]
    [InlineData("model.GetType() == typeof(TanhNetwork)")]
    [InlineData("if (model is ISeedNetwork seed)")]
    public void TheScanFindsEveryKindOfTypeTest(string line) => Assert.Matches(TypeTest(), line);

    [Theory]
    [InlineData("model.Capability<ISeedNetwork>() is { } seed")]
    [InlineData("public Mlp Model => _model;")]
    [InlineData("public MlpHessian(Mlp model, double[] x, double[] y)")]
    [InlineData("model.Capability<IDenseNetwork>()?.Network is { LossKind: LossKind.MeanSquaredError } mlp")]
    public void TheScanLetsCapabilityQueriesAndSignaturesPass(string line) => Assert.DoesNotMatch(TypeTest(), line);

    [Theory]
    [InlineData("catch (InvalidOptionException e) when (e.Message.Contains(Hint, StringComparison.Ordinal))")]
    [InlineData("if (e.Message.StartsWith(unmapped, StringComparison.Ordinal))")]
    [InlineData("catch (IOException e) when (e.Message == \"gone\")")]
    public void TheScanFindsDecisionsOnMessages(string line) => Assert.Matches(MessageDecision(), line);

    private static bool IsModelFile(string relative) =>
        relative.StartsWith("src/LossLandscape/Models/", StringComparison.Ordinal)
        || relative.StartsWith("src/LossLandscape.OnnxRuntime/", StringComparison.Ordinal);

    private static string[] Scan(Regex pattern, Func<string, bool> include)
    {
        var root = Reference.RepositoryRoot;
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(file => (File: file, Relative: Path.GetRelativePath(root, file).Replace('\\', '/')))
            .Where(f => !f.Relative.Contains("/obj/", StringComparison.Ordinal) && !f.Relative.Contains("/bin/", StringComparison.Ordinal) && include(f.Relative))
            .SelectMany(f => File.ReadLines(f.File).Select((line, i) => (f.Relative, Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && pattern.IsMatch(l.Text))
            .Select(l => $"{l.Relative}:{l.Line}: {l.Text.Trim()}")
            .ToArray();
    }

    // is/as/case, a switch arm or property pattern on the type, a cast, typeof, OfType/Cast and Capability of a concrete type.
    [GeneratedRegex(@"\b(is|as)\s+(not\s+)?(" + ModelTypes + @")\b|\bcase\s+(" + ModelTypes + @")\b|^\s*(" + ModelTypes + @")\b(\s*\{[^}]*\})?(\s+[a-z_]\w*)?\s*(=>|when\b)|\((" + ModelTypes + @")\)\s*[\w(]|typeof\((" + ModelTypes + @")\)|\b(OfType|Cast)<(" + ModelTypes + @")>|Capability<(Mlp|TanhNetwork|OnnxRuntimeModel|OnnxMlp)>")]
    private static partial Regex TypeTest();

    [GeneratedRegex(@"\bMessage\s*\.\s*(Contains|StartsWith|EndsWith|Equals|IndexOf)\b|\bMessage\s*[!=]=|when\s*\(.*\bMessage\b")]
    private static partial Regex MessageDecision();
}
