using LossLandscape.Data;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Data;

public sealed class CsvTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("csv-table-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReadsTargetFeaturesAndSplit()
    {
        var path = Write("a,b,split,y\n1,2.5,train,3\r\n-4e-1, 5 ,test,6\n7,8,TRAIN,9\n10,11,test,12\n\n");
        var table = CsvTable.Read(path, new CsvColumns(Split: "split"));
        Assert.Equal(["a", "b"], table.FeatureNames);
        Assert.Equal("y", table.TargetName);
        Assert.Equal(4, table.Rows);
        Assert.Equal([1, 2.5, -0.4, 5, 7, 8, 10, 11], table.X);
        Assert.Equal([3.0, 6, 9, 12], table.Y);
        Assert.Equal([false, true, false, true], table.IsTest!);
    }

    [Fact]
    public void PicksTargetAndFeaturesByName()
    {
        var path = Write("a,b,c\n1,2,3\n4,5,6\n");
        var table = CsvTable.Read(path, new CsvColumns(Target: "a", Features: ["c", "b"]));
        Assert.Equal(["c", "b"], table.FeatureNames);
        Assert.Equal([3.0, 2, 6, 5], table.X);
        Assert.Equal([1.0, 4], table.Y);
        Assert.Null(table.IsTest);
    }

    [Fact]
    public void ReadsTheCommittedClassifierFixture()
    {
        var table = CsvTable.Read(Fixture("classifier.csv"), new CsvColumns(Target: "label", Split: "split", Classes: 3));
        Assert.Equal(180, table.Rows);
        Assert.Equal(45, table.IsTest!.Count(t => t));
        Assert.Equal(0.7729309797286987, table.X[0]);
        Assert.Equal(0.08914530277252197, table.X[1]);
        Assert.Equal([60, 60, 60], [.. Enumerable.Range(0, 3).Select(k => table.Y.Count(y => y == k))]);
    }

    [Theory]
    [InlineData("a,b\n1,\n3,4\n", null, "line 2, column 'b': missing value")]
    [InlineData("a,b\n1,2\n3\n", null, "line 3, column 'b': missing value")]
    [InlineData("a,b\n1,2\n3,x7\n", null, "line 3, column 'b': 'x7' is not a number")]
    [InlineData("a,b\n1,2\n3,1,5\n", null, "line 3: more values than the header's 2 columns")]
    [InlineData("a,b\n1,NaN\n3,4\n", null, "line 2, column 'b': 'NaN' is not a finite number")]
    [InlineData("a,b\n1,2\n", null, "1 data row; at least two are needed")]
    [InlineData("", null, "the file is empty")]
    [InlineData("a,b\n1,0\n3,1.5\n", "classes", "line 3, column 'b': class index 1.5 is not an integer in 0..2")]
    [InlineData("a,b\n1,0\n3,3\n", "classes", "line 3, column 'b': class index 3 is not an integer in 0..2")]
    [InlineData("a,b\n1,0\n3,-1\n", "classes", "line 3, column 'b': class index -1 is not an integer in 0..2")]
    [InlineData("a,b\n1,2\n3,4\n", "target", "line 1: the header has no target column 'y' (columns: a, b)")]
    [InlineData("a,b\n1,2\n3,4\n", "features", "line 1: the header has no feature column 'z' (columns: a, b)")]
    [InlineData("a,b\n1,2\n3,4\n", "split", "line 1: the header has no split column 'split' (columns: a, b)")]
    [InlineData("a,s,b\n1,train,2\n3,test,4\n5,train,6\n", "split", "column 's': 2 train and 1 test rows; each side needs at least two")]
    [InlineData("a,s,b\n1,train,2\n3,dev,4\n", "split", "line 3, column 's': 'dev' is neither train nor test")]
    [InlineData("a,a\n1,2\n3,4\n", null, "line 1: the header names column 'a' twice")]
    public void EveryUnusableFileIsOneDataErrorNamingFileLineAndColumn(string text, string? which, string expected)
    {
        var path = Write(text);
        var columns = which switch
        {
            "classes" => new CsvColumns(Classes: 3),
            "target" => new CsvColumns(Target: "y"),
            "features" => new CsvColumns(Features: ["a", "z"]),
            "split" => new CsvColumns(Split: text.StartsWith("a,s", StringComparison.Ordinal) ? "s" : "split"),
            _ => null,
        };
        var error = Assert.Throws<InvalidOptionException>(() => CsvTable.Read(path, columns));
        Assert.Equal("data", error.Option);
        Assert.StartsWith("data.csv: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AMissingFileIsADataError()
    {
        var error = Assert.Throws<InvalidOptionException>(() => CsvTable.Read(Path.Combine(_folder, "absent.csv")));
        Assert.Equal("data", error.Option);
        Assert.Contains("absent.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongFilesCrossChunkBoundariesIntact()
    {
        // More than one 1 MiB read chunk, so that lines straddle the boundary.
        var rows = 120_000;
        using (var writer = new StreamWriter(Path.Combine(_folder, "data.csv")))
        {
            writer.WriteLine("x,y");
            for (var i = 0; i < rows; i++)
            {
                writer.WriteLine($"{i}.25,{-i}");
            }
        }

        var table = CsvTable.Read(Path.Combine(_folder, "data.csv"));
        Assert.Equal(rows, table.Rows);
        for (var i = 0; i < rows; i++)
        {
            Assert.Equal(i + 0.25, table.X[i]);
            Assert.Equal(-i, table.Y[i]);
        }
    }

    internal static string Fixture(string name) => Path.Combine(Reference.RepositoryRoot, "tests", "fixtures", name);

    private string Write(string text)
    {
        var path = Path.Combine(_folder, "data.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
