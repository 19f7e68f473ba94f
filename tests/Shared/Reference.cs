using System.Text.Json;

namespace LossLandscape.Testing;

/// <summary>
/// The reference values from numpy, scikit-learn and PyTorch that the tests compare against, read from the
/// repository's tests/reference/ (written by scripts/references/make_references.py).
/// </summary>
internal static class Reference
{
    /// <summary>The command that regenerates the files, for error messages and the README (conv_bn.* come from make_conv_bn.py beside it).</summary>
    public const string GeneratorCommand = "/usr/bin/python3 scripts/references/make_references.py";

    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LossLandscape.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("LossLandscape.slnx not found above the test binaries");
    });

    private static readonly Lazy<JsonDocument> LazySeed = new(() => Merge(Load("seed-data.json"), Load("seed-surface.json")));
    private static readonly Lazy<JsonDocument> LazyOptimizers = new(() => Load("optimizers.json"));
    private static readonly Lazy<JsonDocument> LazyOptimizersFloat64 = new(() => Load("optimizers-float64.json"));
    private static readonly Lazy<JsonDocument> LazyMlp = new(() => Load("mlp.json"));
    private static readonly Lazy<JsonDocument> LazyOptimizersClip = new(() => Load("optimizers-clip.json"));
    private static readonly Lazy<JsonDocument> LazyConvBn = new(() => Load("conv_bn.json"));

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => LazyRoot.Value;

    /// <summary>The folder of the reference files: tests/reference in the repository.</summary>
    public static string Folder => Path.Combine(RepositoryRoot, "tests", "reference");

    /// <summary>
    /// The seed experiment: seed-data.json (x, noise, y, test_idx, train_idx) and seed-surface.json (grid, loss,
    /// trajectory_no_shuffle) as one object.
    /// </summary>
    public static JsonElement Seed => LazySeed.Value.RootElement;

    /// <summary>optimizers.json: every optimizer and schedule case as PyTorch trains it in float32.</summary>
    public static JsonElement Optimizers => LazyOptimizers.Value.RootElement;

    /// <summary>optimizers-float64.json: the same cases with a float64 model and data.</summary>
    public static JsonElement OptimizersFloat64 => LazyOptimizersFloat64.Value.RootElement;

    /// <summary>optimizers-clip.json: gradient-norm clipping cases, {"float32": ..., "float64": ...} in optimizers.json's layout.</summary>
    public static JsonElement OptimizersClip => LazyOptimizersClip.Value.RootElement;

    /// <summary>mlp.json: multi-layer cases (directions, normalisations, loss grids, training, PCA, line, Hessians).</summary>
    public static JsonElement Mlp => LazyMlp.Value.RootElement;

    /// <summary>
    /// conv_bn.json: a small CNN with BatchNorm (conv_bn.onnx, its data conv_bn_data.npz): the layout with the running
    /// statistics apart, raw and filter-normalised directions, the test loss on a 5 × 5 plane
    /// (scripts/references/make_conv_bn.py).
    /// </summary>
    public static JsonElement ConvBn => LazyConvBn.Value.RootElement;

    /// <summary>The path of a reference file that is not JSON (conv_bn.onnx, conv_bn_data.npz).</summary>
    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>A JSON array of numbers as doubles.</summary>
    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>A JSON array of integers.</summary>
    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>Reads one reference file; a missing file is an error that says how to make it, never a skip.</summary>
    public static JsonDocument Load(string name)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"reference file {path} not found: the tests read tests/reference/ in the repository; regenerate it with `{GeneratorCommand}` (Debian's python3-numpy, -sklearn, -torch)",
                path);
        }

        return JsonDocument.Parse(File.ReadAllText(path));
    }

    private static JsonDocument Merge(JsonDocument first, JsonDocument second)
    {
        using (first)
        using (second)
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in first.RootElement.EnumerateObject().Concat(second.RootElement.EnumerateObject()))
                {
                    // Both files carry an "about" line; the first one stays.
                    if (seen.Add(property.Name))
                    {
                        property.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            return JsonDocument.Parse(buffer.ToArray());
        }
    }
}
