using LossLandscape.IO;
using LossLandscape.Testing;

namespace LossLandscape.Tests.IO;

/// <summary>
/// weights.npy against numpy's own files (written by make-npy-fixtures.py beside this file with numpy 1.24's np.save):
/// our writer gives the same bytes, our reader the same values. By hand, numpy.load read the tool's files (see the report).
/// </summary>
public sealed class NpyFileTests
{
    private static string Fixture(string name) => Path.Combine(Reference.RepositoryRoot, "tests", "LossLandscape.Tests", "IO", name);

    private static double[][] Rows(int rows, int columns, Func<int, double> value) =>
        Enumerable.Range(0, rows).Select(i => Enumerable.Range(0, columns).Select(j => value((i * columns) + j)).ToArray()).ToArray();

    [Theory]
    [InlineData("numpy-3x4.npy", 3, 4)]
    [InlineData("numpy-1200x2.npy", 1200, 2)]
    public void WriterGivesNumpysBytes(string name, int rows, int columns)
    {
        var values = name == "numpy-3x4.npy" ? Rows(rows, columns, k => (k * 0.1) - (1.0 / 3)) : Rows(rows, columns, k => k / 7.0);
        using var stream = new MemoryStream();
        NpyFile.Write(stream, values);
        Assert.Equal(File.ReadAllBytes(Fixture(name)), stream.ToArray());
        Assert.Equal(0, NpyFile.Header(rows, columns).Length % 64);
    }

    [Fact]
    public void ReaderReadsNumpysFiles()
    {
        Assert.Equal(Rows(3, 4, k => (k * 0.1) - (1.0 / 3)), NpyFile.Read(Fixture("numpy-3x4.npy"), "weights"));
        Assert.Equal(Rows(1200, 2, k => k / 7.0), NpyFile.Read(Fixture("numpy-1200x2.npy"), "weights"));
        Assert.Equal(Rows(1, 5, k => (k * 0.25) - 0.5), NpyFile.Read(Fixture("numpy-1d.npy"), "weights"));
        Assert.Equal(Rows(2, 3, k => k * 1.5), NpyFile.Read(Fixture("numpy-big-endian.npy"), "weights"));
    }

    [Fact]
    public void RoundTripKeepsEveryBit()
    {
        var random = new Random(4);
        var values = Rows(7, 13, _ => BitConverter.Int64BitsToDouble(random.NextInt64(0, long.MaxValue)) * (random.Next(2) == 0 ? 1 : -1));
        values[0][0] = double.Epsilon;
        values[0][1] = -0.0;
        var path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.Write(path, values);
            var read = NpyFile.Read(path, "weights");
            Assert.Equal(values.SelectMany(r => r).Select(BitConverter.DoubleToInt64Bits), read.SelectMany(r => r).Select(BitConverter.DoubleToInt64Bits));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadFilesNameTheField()
    {
        var float32 = Assert.Throws<InvalidOptionException>(() => NpyFile.Read(Fixture("numpy-float32.npy"), "init-weights"));
        Assert.Equal("init-weights", float32.Option);
        Assert.Contains("holds float32 values; float64 ('<f8') is needed", float32.Message, StringComparison.Ordinal);
        Assert.Contains("is not a .npy array", Assert.Throws<InvalidOptionException>(() => NpyFile.Parse("hello"u8, "x.npy", "weights")).Message, StringComparison.Ordinal);
        var truncated = File.ReadAllBytes(Fixture("numpy-3x4.npy"))[..^8];
        Assert.Contains("the file holds 88 (truncated)", Assert.Throws<InvalidOptionException>(() => NpyFile.Parse(truncated, "t.npy", "weights")).Message, StringComparison.Ordinal);
        Assert.Equal("weights", Assert.Throws<InvalidOptionException>(() => NpyFile.Read("/nonexistent/w.npy", "weights")).Option);
    }
}
