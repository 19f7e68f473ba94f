using System.Text.Json;

namespace LossLandscape.Testing;

/// <summary>Finds the repository and the shared reference files (../shared beside the repository).</summary>
internal static class Reference
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LossLandscape.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("LossLandscape.slnx not found above the test binaries");
    });

    private static readonly Lazy<JsonDocument> LazySeed = new(() => Load("seed-default.json"));
    private static readonly Lazy<JsonDocument> LazyOptimizers = new(() => Load("optimizers.json"));
    private static readonly Lazy<JsonDocument> LazyMlp = new(() => Load("mlp.json"));

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => LazyRoot.Value;

    /// <summary>The shared folder: $LOSSLANDSCAPE_SHARED, or ../shared beside the repository.</summary>
    public static string SharedDirectory =>
        Environment.GetEnvironmentVariable("LOSSLANDSCAPE_SHARED") is { Length: > 0 } env
            ? env
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>reference/seed-default.json.</summary>
    public static JsonElement Seed => LazySeed.Value.RootElement;

    /// <summary>reference/optimizers.json.</summary>
    public static JsonElement Optimizers => LazyOptimizers.Value.RootElement;

    /// <summary>reference/mlp.json (MLP landscapes along directions; see the header of peers/mlp_reference.py).</summary>
    public static JsonElement Mlp => LazyMlp.Value.RootElement;

    /// <summary>A JSON array of numbers as doubles.</summary>
    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>A JSON array of integers.</summary>
    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static JsonDocument Load(string name)
    {
        var path = Path.Combine(SharedDirectory, "reference", name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"reference file {path} not found: the tests read the shared references from ../shared beside the repository; put them there or set LOSSLANDSCAPE_SHARED to their folder",
                path);
        }

        return JsonDocument.Parse(File.ReadAllText(path));
    }
}
