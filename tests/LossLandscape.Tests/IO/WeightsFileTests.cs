using LossLandscape.Files;
using LossLandscape.Models;

namespace LossLandscape.Tests.IO;

public sealed class WeightsFileTests : IDisposable
{
    private static readonly ModelLayout Layout = ModelLayout.ForMlp([1, 2, 1], bias: true);
    private readonly string _folder = Directory.CreateTempSubdirectory("weights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RowsOfANpyFileAndJsonArraysAreRead()
    {
        var rows = Enumerable.Range(0, 4).Select(i => Enumerable.Range(0, Layout.Count).Select(j => (i * 10) + j + 0.5).ToArray()).ToArray();
        var npy = Path.Combine(_folder, "weights.npy");
        NpyFile.Write(npy, rows);
        Assert.Equal(rows[2], WeightsFile.Read($"{npy}:2", Layout, "init-weights"));
        Assert.Equal(rows[3], WeightsFile.Read($"{npy}:-1", Layout, "init-weights"));
        Assert.Equal(rows[0], WeightsFile.Read($"{npy}:0", Layout, "init-weights"));

        var json = Path.Combine(_folder, "w.json");
        File.WriteAllText(json, "[0.5, -1, 2e-3, 4, 5, 6, 7]");
        Assert.Equal([0.5, -1, 2e-3, 4, 5, 6, 7], WeightsFile.Read(json, Layout, "init-weights"));

        var single = Path.Combine(_folder, "one.npy");
        NpyFile.Write(single, [rows[1]]);
        Assert.Equal(rows[1], WeightsFile.Read(single, Layout, "center"));
    }

    [Fact]
    public void BadWeightsNameTheFieldAndWhatIsWrong()
    {
        var rows = Enumerable.Range(0, 4).Select(_ => new double[Layout.Count]).ToArray();
        var npy = Path.Combine(_folder, "weights.npy");
        NpyFile.Write(npy, rows);
        var many = Assert.Throws<InvalidOptionException>(() => WeightsFile.Read(npy, Layout, "init-weights"));
        Assert.Equal("init-weights", many.Option);
        Assert.Contains(":ROW", many.Message, StringComparison.Ordinal);
        Assert.Contains("out of range", Assert.Throws<InvalidOptionException>(() => WeightsFile.Read($"{npy}:4", Layout, "init-weights")).Message, StringComparison.Ordinal);
        var other = ModelLayout.ForMlp([1, 3, 1], bias: false);
        Assert.Contains("has 7 parameters; the model has 6", Assert.Throws<InvalidOptionException>(() => WeightsFile.Read($"{npy}:0", other, "init-weights")).Message, StringComparison.Ordinal);

        var json = Path.Combine(_folder, "bad.json");
        File.WriteAllText(json, "{\"a\": 1}");
        Assert.Equal("center", Assert.Throws<InvalidOptionException>(() => WeightsFile.Read(json, Layout, "center")).Option);
        File.WriteAllText(json, "[1, \"x\"]");
        Assert.Equal("center", Assert.Throws<InvalidOptionException>(() => WeightsFile.Read(json, Layout, "center")).Option);
        File.WriteAllText(json, "[1, 2");
        Assert.Equal("center", Assert.Throws<InvalidOptionException>(() => WeightsFile.Read(json, Layout, "center")).Option);
        Assert.Equal("center", Assert.Throws<InvalidOptionException>(() => WeightsFile.Read(Path.Combine(_folder, "missing.json"), Layout, "center")).Option);
        Assert.Equal((Path.Combine("C:", "w.npy"), (int?)null), WeightsFile.Split(Path.Combine("C:", "w.npy")));
    }
}
