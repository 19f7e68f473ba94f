using System.Text;
using System.Text.RegularExpressions;
using LossLandscape.Testing;

namespace LossLandscape.Cli.Tests;

/// <summary>
/// Golden runs: each case runs the built CLI as a child process and compares every file it writes (JSON, CSV, NPY and
/// the folder's marker; never HTML, PNG or SVG) with the snapshot committed under tests/golden/&lt;case&gt;/, byte for
/// byte. Only what changes from run to run is normalised before the comparison, in JSON files only: the values of the
/// keys in <see cref="MaskedKeys"/> (timings and the creation date), a "+commit" suffix of "version", the output
/// folder (written as &lt;out&gt;) and the repository's folder (written as &lt;repo&gt;). The child runs with
/// DOTNET_EnableAVX512F=0, so the bytes do not depend on whether the CPU has AVX-512.
/// To rewrite the snapshots after a deliberate change of the output, run the tests with GOLDEN_UPDATE=1 in the
/// environment (e.g. <c>GOLDEN_UPDATE=1 dotnet test tests/LossLandscape.Cli.Tests --filter GoldenRunTests</c>) and
/// review the diff of tests/golden before committing it.
/// </summary>
public sealed partial class GoldenRunTests
{
    /// <summary>The JSON keys whose values are replaced by &lt;masked&gt; (a number, a string, or every number of a flat object).</summary>
    public static readonly string[] MaskedKeys = ["created_utc", "seconds", "training_seconds", "path_seconds", "map_seconds"];

    /// <summary>A masked key and its value: a string, a number or a flat object.</summary>
    private static readonly Regex MaskedValue = new($$"""(?<head>"(?:{{string.Join('|', MaskedKeys)}})":\s*)(?<value>"[^"]*"|-?[0-9][0-9.eE+-]*|\{[^{}]*\})""", RegexOptions.CultureInvariant);

    private const string Fixtures = "<fixtures>";

    private static readonly string[] Grid = ["--a-range", "-1:1:0.25", "--b-range", "-1:1:0.25"];

    private static readonly string[] SmallMlp = ["--samples", "500", "--epochs", "3", "--layers", "1,4,1", "--bias"];

    /// <summary>The cases: a folder name under tests/golden and the CLI's arguments (without --out and --plotlyjs).</summary>
    private static readonly Dictionary<string, string[]> Cases = new()
    {
        ["seed-default"] = ["run"],
        ["mlp-random"] = ["run", .. SmallMlp, "--plane", "random", .. Grid, "--surface", "all"],
        ["mlp-pca"] = ["run", .. SmallMlp, "--plane", "pca", "--optimizer", "adam", "--lr", "0.05", .. Grid],
        ["mlp-line"] = ["run", .. SmallMlp, "--plane", "line", "--alpha-range", "-0.5:1.5:0.25"],
        ["csv"] = ["run", "--data", $"{Fixtures}/mlp-tanh.csv", "--layers", "1,8,8,1", "--bias", "--epochs", "3", "--batch-size", "16", .. Grid],
        ["onnx"] = ["run", "--model", $"{Fixtures}/mlp-tanh.onnx", "--data", $"{Fixtures}/mlp-tanh.csv", "--epochs", "3", "--batch-size", "16", "--plane", "random", .. Grid],
        ["classification"] = ["run", "--data", $"{Fixtures}/classifier.csv", "--split", "column", "--loss", "cross-entropy", "--layers", "2,8,3", "--bias", "--standardize", "--epochs", "3", "--batch-size", "16", "--surface", "test,accuracy", .. Grid],
        ["onnxruntime"] = ["run", "--model", $"{Fixtures}/cnn.onnx", "--data", $"{Fixtures}/cnn.csv", "--target", "label", "--split", "column", "--loss", "cross-entropy", "--checkpoints", string.Join(',', Enumerable.Range(0, 4).Select(i => $"{Fixtures}/cnn-{i}.onnx")), "--directions", $"{Fixtures}/cnn-directions.json", "--a-range", "-1:1.25:0.5", "--b-range", "-1:1.25:0.5", "--no-extend", "--surface", "test,accuracy"],
        ["compare-curvature"] = ["compare", "--epochs", "4", "--samples", "400", "--layers", "1,4,1", "--bias", "--a-range", "-1:1:0.5", "--b-range", "-1:1:0.5", "--run", "sgd --lr 0.3", "--run", "adam --lr 0.05", "--curvature", "every"],
    };

    private static readonly string[] Drawings = [".html", ".png", ".svg"];

    /// <summary>The case names, for the theory.</summary>
    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    private static bool Updating => Environment.GetEnvironmentVariable("GOLDEN_UPDATE") == "1";

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryFileOfTheRunEqualsItsSnapshot(string name)
    {
        var root = Reference.RepositoryRoot;
        var fixtures = Path.Combine(root, "tests", "fixtures");
        var outDir = CliRunner.NewDirectoryPath();
        string[] args = [.. Cases[name].Select(a => a.Replace(Fixtures, fixtures, StringComparison.Ordinal)), "--out", outDir, "--plotlyjs", "cdn"];
        var environment = new Dictionary<string, string> { ["DOTNET_EnableAVX512F"] = "0" };
        var (exit, output, error) = CliProcess.Run(environment, 300, args);
        Assert.True(exit == 0, $"losslandscape {string.Join(' ', Cases[name])} exited with {exit}:\n{output}\n{error}");

        var actual = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories)
            .Where(f => !Drawings.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .ToDictionary(f => Path.GetRelativePath(outDir, f).Replace('\\', '/'), f => Normalise(f, outDir, root), StringComparer.Ordinal);
        var snapshotDir = Path.Combine(root, "tests", "golden", name);
        try
        {
            if (Updating)
            {
                if (Directory.Exists(snapshotDir))
                {
                    Directory.Delete(snapshotDir, recursive: true);
                }

                foreach (var (file, bytes) in actual)
                {
                    var path = Path.Combine(snapshotDir, file);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllBytes(path, bytes);
                }

                return;
            }

            Assert.True(Directory.Exists(snapshotDir), $"tests/golden/{name} is missing; run with GOLDEN_UPDATE=1 to write it");
            var expected = Directory.GetFiles(snapshotDir, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(snapshotDir, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);
            var missing = expected.Keys.Except(actual.Keys).Order(StringComparer.Ordinal).ToList();
            var extra = actual.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0, $"tests/golden/{name}: files not written: [{string.Join(", ", missing)}]; files not in the snapshot: [{string.Join(", ", extra)}]");
            var differences = expected.Keys.Order(StringComparer.Ordinal)
                .Select(file => FirstDifference($"tests/golden/{name}/{file}", expected[file], actual[file]))
                .OfType<string>()
                .ToList();
            Assert.True(differences.Count == 0, string.Join('\n', differences));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void TheComparisonNamesTheFileLineAndByteOfTheFirstDifference()
    {
        var message = FirstDifference("f.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n"), Encoding.UTF8.GetBytes("a,b\n1,2\n3,5\n"));
        Assert.Equal("f.csv: first difference at byte 10 (line 3, column 3): expected \"3,4\", got \"3,5\"", message);
        Assert.Equal("f.json: first difference at byte 2 (line 1, column 3): the snapshot has 3 bytes, the run wrote 2", FirstDifference("f.json", "{}\n"u8.ToArray(), "{}"u8.ToArray()));
        Assert.Equal("f.npy: first difference at byte 1: expected 0x02, got 0x07 (the snapshot has 3 bytes, the run wrote 3)", FirstDifference("f.npy", [1, 2, 3], [1, 7, 3]));
        Assert.Null(FirstDifference("f.npy", [1, 2, 3], [1, 2, 3]));
    }

    [Fact]
    public void MaskingReplacesOnlyTheListedKeysAndThePaths()
    {
        const string json = "{\n  \"version\": \"0.1.0+abc123\",\n  \"created_utc\": \"2026-12-07T22:55:22Z\",\n  \"out\": \"/tmp/x/run\",\n  \"data\": \"/repo/tests/fixtures/a.csv\",\n  \"seconds\": {\n    \"data\": 0.01,\n    \"total\": 1.5E-05\n  },\n  \"map_seconds\": 2,\n  \"loss\": 0.25\n}";
        var masked = Mask(json, "/tmp/x/run", "/repo");
        Assert.Equal("{\n  \"version\": \"0.1.0+<commit>\",\n  \"created_utc\": <masked>,\n  \"out\": \"<out>\",\n  \"data\": \"<repo>/tests/fixtures/a.csv\",\n  \"seconds\": {\n    \"data\": <masked>,\n    \"total\": <masked>\n  },\n  \"map_seconds\": <masked>,\n  \"loss\": 0.25\n}", masked);
    }

    private static byte[] Normalise(string file, string outDir, string root) =>
        Path.GetExtension(file).Equals(".json", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetBytes(Mask(File.ReadAllText(file, Encoding.UTF8), outDir, root))
            : File.ReadAllBytes(file);

    /// <summary>The JSON text with the masked keys' values, a version's commit suffix and the two folders replaced.</summary>
    private static string Mask(string json, string outDir, string root)
    {
        json = MaskedValue.Replace(json, m =>
        {
            var value = m.Groups["value"].Value;
            var masked = value.StartsWith('{') ? ObjectNumber().Replace(value, n => $"{n.Groups["head"].Value}<masked>") : "<masked>";
            return $"{m.Groups["head"].Value}{masked}";
        });
        json = VersionCommit().Replace(json, "${head}+<commit>");
        return json.Replace(outDir, "<out>", StringComparison.Ordinal).Replace(root, "<repo>", StringComparison.Ordinal);
    }

    /// <summary>Null when equal; otherwise the file, the offset, line and column of the first differing byte and both lines.</summary>
    private static string? FirstDifference(string file, byte[] expected, byte[] actual)
    {
        var length = Math.Min(expected.Length, actual.Length);
        var at = 0;
        while (at < length && expected[at] == actual[at])
        {
            at++;
        }

        if (at == length && expected.Length == actual.Length)
        {
            return null;
        }

        if (file.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            var sizes = $"the snapshot has {expected.Length} bytes, the run wrote {actual.Length}";
            return at == length ? $"{file}: first difference at byte {at}: {sizes}" : $"{file}: first difference at byte {at}: expected 0x{expected[at]:x2}, got 0x{actual[at]:x2} ({sizes})";
        }

        var lineStart = Array.LastIndexOf(expected, (byte)'\n', Math.Max(at - 1, 0)) + 1;
        if (at == 0)
        {
            lineStart = 0;
        }

        var line = 1 + expected.AsSpan(0, lineStart).Count((byte)'\n');
        var where = $"{file}: first difference at byte {at} (line {line}, column {at - lineStart + 1})";
        if (at == length)
        {
            return $"{where}: the snapshot has {expected.Length} bytes, the run wrote {actual.Length}";
        }

        return $"{where}: expected \"{LineAt(expected, lineStart)}\", got \"{LineAt(actual, lineStart)}\"";
    }

    /// <summary>The line from <paramref name="start"/> as text, at most 200 characters.</summary>
    private static string LineAt(byte[] bytes, int start)
    {
        var end = Array.IndexOf(bytes, (byte)'\n', start);
        var text = Encoding.UTF8.GetString(bytes, start, (end < 0 ? bytes.Length : end) - start);
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    [GeneratedRegex("""(?<head>:\s*)-?[0-9][0-9.eE+-]*""")]
    private static partial Regex ObjectNumber();

    [GeneratedRegex(""""(?<head>"version":\s*"[^"+]*)\+[0-9a-fA-F]+(?=")"""")]
    private static partial Regex VersionCommit();
}
