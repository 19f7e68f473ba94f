using System.Xml.Linq;
using LossLandscape.Surface;
using LossLandscape.Testing;

namespace LossLandscape.Tests;

/// <summary>The core computes; it knows nothing of the command line, figures, browsers, web servers or ONNX.</summary>
public sealed class CoreDependencyTests
{
    private static readonly string[] Forbidden =
    [
        "LossLandscape.Cli", "LossLandscape.Plotting", "LossLandscape.Web", "System.CommandLine", "Spectre.Console",
        "PuppeteerSharp", "WebDriverBiDi", "Plotly", "Microsoft.AspNetCore", "Microsoft.ML.OnnxRuntime",
    ];

    [Fact]
    public void TheCoreAssemblyReferencesNoUiPlottingBrowserWebOrOnnxAssembly()
    {
        var core = typeof(LossSurface).Assembly;
        Assert.Equal("LossLandscape", core.GetName().Name);
        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.Contains("System.Runtime", references);
        Assert.All(references, name => Assert.False(IsForbidden(name), $"the core references {name}"));
    }

    [Fact]
    public void TheCoreProjectDeclaresNoSuchPackageOrProject()
    {
        var project = XDocument.Load(Path.Combine(Reference.RepositoryRoot, "src", "LossLandscape", "LossLandscape.csproj"));
        var includes = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference")
            .Select(e => (string?)e.Attribute("Include") ?? string.Empty)
            .ToArray();
        Assert.Contains("MathNet.Numerics", includes);
        Assert.All(includes, include => Assert.False(IsForbidden(Path.GetFileNameWithoutExtension(include)) || include.Contains("AspNetCore", StringComparison.Ordinal), $"the core project includes {include}"));
    }

    private static bool IsForbidden(string name) =>
        Forbidden.Any(f => name.Equals(f, StringComparison.OrdinalIgnoreCase) || name.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase));
}
