using System.Globalization;
using LossLandscape.Data;

namespace LossLandscape.Tests.Data;

/// <summary>The CSV reader's numbers are exactly double.Parse's, through its fast path and its fallback.</summary>
public sealed class CsvNumberTests
{
    [Fact]
    public void EveryCellReadsAsDoubleParseDoesBitForBit()
    {
        var random = new LegacyRandom(5);
        var cells = new List<string> { "0", "-0", "1e22", "1e23", "9007199254740993", "123456789012345678901", "0.1", "-2.5E-3", "+7", ".5", "5.", "1e-22", "4.9e-324", "1.7976931348623157e308", "00012.50", "3.14159265358979323846" };
        for (var i = 0; i < 2000; i++)
        {
            var value = random.NextNormal(0, 1) * Math.Pow(10, (int)(random.NextDouble() * 40) - 20);
            cells.Add(value.ToString("R", CultureInfo.InvariantCulture));
            cells.Add(((float)value).ToString("R", CultureInfo.InvariantCulture));
            cells.Add(value.ToString("F6", CultureInfo.InvariantCulture));
            cells.Add(value.ToString("E3", CultureInfo.InvariantCulture));
        }

        var path = Path.Combine(Path.GetTempPath(), $"numbers-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "x,y\n" + string.Concat(cells.Select(c => $"{c},{c}\n")));
        try
        {
            var table = CsvTable.Read(path);
            for (var i = 0; i < cells.Count; i++)
            {
                var expected = double.Parse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(table.X[i]), $"{cells[i]}: {table.X[i]:R} vs {expected:R}");
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(table.Y[i]));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
