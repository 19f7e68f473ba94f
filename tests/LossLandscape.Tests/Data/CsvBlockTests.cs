using System.Globalization;
using System.Text;
using LossLandscape.Data;

namespace LossLandscape.Tests.Data;

/// <summary>Files of many blocks (parsed in parallel): the rows in file order, and the first error in the file reported.</summary>
public sealed class CsvBlockTests : IDisposable
{
    private const int Rows = 60_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("csv-blocks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // About 5.5 million characters: six blocks of 2^20, some lines split across two reads, with \r\n endings and blank lines.
    private string Write(Func<int, string?>? damage = null)
    {
        var text = new StringBuilder("a,b,c,split,y\r\n");
        for (var r = 0; r < Rows; r++)
        {
            text.Append(damage?.Invoke(r) ?? Row(r)).Append(r % 7 == 0 ? "\r\n" : "\n");
            if (r % 10_000 == 5)
            {
                text.Append('\n');
            }
        }

        var path = Path.Combine(_folder, "big.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Row(int r) => string.Create(CultureInfo.InvariantCulture, $"{r * 0.001:R},{-r / 3.0:R},{(r % 13) - 6.5e-3:R},{(r % 5 == 0 ? "test" : "train")},{r % 3}");

    [Fact]
    public void EveryRowArrivesInFileOrder()
    {
        var table = CsvTable.Read(Write(), new CsvColumns(Split: "split", Classes: 3));
        Assert.Equal(Rows, table.Rows);
        for (var r = 0; r < Rows; r += 997)
        {
            Assert.Equal(r * 0.001, table.X[r * 3]);
            Assert.Equal(-r / 3.0, table.X[(r * 3) + 1]);
            Assert.Equal((r % 13) - 6.5e-3, table.X[(r * 3) + 2]);
            Assert.Equal(r % 3, table.Y[r]);
            Assert.Equal(r % 5 == 0, table.IsTest![r]);
        }

        Assert.Equal(Rows / 5, table.IsTest!.Count(t => t));
    }

    [Fact]
    public void TheFirstErrorInTheFileIsReportedWithItsLine()
    {
        // Rows 41,000 and 52,000 are both bad, in different blocks; the earlier one is reported. Line = row + 2 + the
        // blank lines before it (after rows 5, 10,005, …, 40,005: five).
        var path = Write(r => r switch { 41_000 => "1,2,x,train,0", 52_000 => "1,2,3,train", _ => null });
        var e = Assert.Throws<InvalidOptionException>(() => CsvTable.Read(path, new CsvColumns(Split: "split", Classes: 3)));
        Assert.Equal("big.csv: line 41007, column 'c': 'x' is not a number", e.Message);
    }
}
