using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using LossLandscape.Data;

namespace LossLandscape.Benchmarks;

/// <summary>
/// Reading a 1,000,000-row, 20-column numeric CSV (19 inputs and a target, values as Python's repr writes float32
/// numbers) with <see cref="CsvTable"/>; the target is at most 1 s.
/// </summary>
[WarmupCount(1)]
[IterationCount(5)]
public class CsvLoad
{
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "losslandscape-bench-1e6x20.csv");
        if (File.Exists(_path))
        {
            return;
        }

        var random = new LegacyRandom(11);
        using var writer = new StreamWriter(_path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write(string.Join(',', Enumerable.Range(0, 19).Select(i => $"x{i}")));
        writer.Write(",y\n");
        for (var row = 0; row < 1_000_000; row++)
        {
            for (var column = 0; column < 20; column++)
            {
                writer.Write(((float)random.NextNormal(0, 3)).ToString("R", CultureInfo.InvariantCulture));
                writer.Write(column == 19 ? '\n' : ',');
            }
        }
    }

    /// <summary>The whole file: header, 2·10⁷ numbers, inputs and targets gathered.</summary>
    [Benchmark]
    public int Read() => CsvTable.Read(_path).Rows;
}
