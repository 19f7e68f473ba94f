using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using LossLandscape.Data;
using LossLandscape.Models;
using LossLandscape.OnnxRuntime;
using LossLandscape.Testing;

namespace LossLandscape.Tests.Data;

/// <summary>Data as numpy arrays (.npy pairs, .npz archives) against the same data as CSV, and every refusal.</summary>
public sealed class ArrayDataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("arraydata-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The .npy bytes numpy writes for <paramref name="descr"/> and <paramref name="shape"/> (version 1.0).</summary>
    internal static byte[] Npy(string descr, long[] shape, byte[] data, bool fortran = false)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dictionary = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        dictionary += new string(' ', 63 - ((10 + dictionary.Length) % 64)) + "\n";
        byte[] header = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)dictionary.Length);
        return [.. header, .. Encoding.ASCII.GetBytes(dictionary), .. data];
    }

    private static byte[] Float64s(IEnumerable<double> values) => [.. values.SelectMany(v => BitConverter.GetBytes(v))];

    private static byte[] Int64s(IEnumerable<long> values) => [.. values.SelectMany(v => BitConverter.GetBytes(v))];

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Npz(string name, params (string Array, byte[] Bytes)[] arrays)
    {
        var path = Path.Combine(_folder, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (array, bytes) in arrays)
        {
            using var stream = zip.CreateEntry(array + ".npy", CompressionLevel.Optimal).Open();
            stream.Write(bytes);
        }

        return path;
    }

    /// <summary>One array of the reference .npz read by hand: its values after the header, as float64.</summary>
    private static byte[] Entry(string array)
    {
        using var zip = ZipFile.OpenRead(Reference.PathOf("conv_bn_data.npz"));
        using var stream = zip.GetEntry(array + ".npy")!.Open();
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static int DataStart(byte[] npy) => 10 + BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8));

    [Fact]
    public void TheReferenceNpzEqualsTheSameDataAsCsvAndGivesTheSameLoss()
    {
        var xBytes = Entry("x");
        var yBytes = Entry("y");
        var splitBytes = Entry("split");
        var x = MemoryMarshalFloats(xBytes.AsSpan(DataStart(xBytes)));
        var y = Enumerable.Range(0, 96).Select(i => BitConverter.ToInt64(yBytes, DataStart(yBytes) + (8 * i))).ToArray();
        var split = Enumerable.Range(0, 96).Select(i => Encoding.UTF32.GetString(splitBytes, DataStart(splitBytes) + (20 * i), 20).TrimEnd('\0')).ToArray();
        var csv = new StringBuilder(string.Join(',', Enumerable.Range(0, 192).Select(j => $"p{j}")) + ",label,split\n");
        for (var i = 0; i < 96; i++)
        {
            csv.Append(string.Join(',', x.Skip(192 * i).Take(192).Select(v => v.ToString("R", CultureInfo.InvariantCulture))))
                .Append(CultureInfo.InvariantCulture, $",{y[i]},{split[i]}\n");
        }

        var csvPath = Write("conv_bn.csv", Encoding.ASCII.GetBytes(csv.ToString()));
        var (fromCsv, csvSplit) = CsvData.Load(new DataOptions { File = csvPath, Target = "label", UseSplitColumn = true }, classes: 3);
        var (fromNpz, npzSplit) = ArrayData.Load(new DataOptions { File = Reference.PathOf("conv_bn_data.npz"), SplitArray = "split" }, classes: 3);
        Assert.Equal(fromCsv.X, fromNpz.X);
        Assert.Equal(fromCsv.Y, fromNpz.Y);
        Assert.Equal(csvSplit.Test, npzSplit.Test);
        Assert.Equal(csvSplit.Train, npzSplit.Train);
        Assert.Equal([3, 8, 8], fromNpz.SampleShape);
        Assert.Equal(192, fromNpz.Inputs);

        using var model = OnnxRuntimeModel.Create(OnnxGraph.Read(Reference.PathOf("conv_bn.onnx")), null, null, LossKind.CrossEntropy);
        var csvTest = RegressionSet.Gather(fromCsv, csvSplit.Test);
        var npzTest = RegressionSet.Gather(fromNpz, npzSplit.Test);
        var theta = model.Weights.ToArray();
        Assert.Equal(model.Loss(theta, csvTest.X, csvTest.Y), model.Loss(theta, npzTest.X, npzTest.Y));
        Assert.Equal(1.103175, model.Loss(theta, npzTest.X, npzTest.Y), 5e-6);

        // The same arrays as a .npy pair with the random split equal the CSV with the random split.
        var xPath = Write("x.npy", xBytes);
        var yPath = Write("y.npy", yBytes);
        var (pair, pairSplit) = ArrayData.Load(new DataOptions { File = xPath, Targets = yPath, TestFraction = 0.25, Seed = 3 }, classes: 3);
        var (csvRandom, csvRandomSplit) = CsvData.Load(new DataOptions { File = Write("no-split.csv", Encoding.ASCII.GetBytes(RemoveSplit(csv.ToString()))), Target = "label", TestFraction = 0.25, Seed = 3 }, classes: 3);
        Assert.Equal(csvRandom.X, pair.X);
        Assert.Equal(csvRandomSplit.Test, pairSplit.Test);
    }

    private static string RemoveSplit(string csv) =>
        string.Join('\n', csv.Split('\n').Select(line => line.Length == 0 ? line : line[..line.LastIndexOf(',')]));

    private static double[] MemoryMarshalFloats(ReadOnlySpan<byte> bytes)
    {
        var values = new double[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        }

        return values;
    }

    [Fact]
    public void Uint8PixelsAreScaledAsReadAndBigEndianFloatsAreRead()
    {
        byte[] pixels = [0, 1, 127, 128, 254, 255, 3, 9];
        var x = Write("pixels.npy", Npy("|u1", [4, 1, 2], pixels));
        var y = Write("labels.npy", Npy("<i8", [4], Int64s([0, 1, 1, 0])));
        var (data, _) = ArrayData.Load(new DataOptions { File = x, Targets = y, Scale = 1.0 / 255, TestFraction = 0.5 }, classes: 2);
        Assert.Equal(pixels.Select(p => p * (1.0 / 255)), data.X);
        Assert.Equal([1, 2], data.SampleShape);

        var big = Npy(">f8", [4, 1], [.. new[] { 1.5, -2.25, 1e-300, 3 }.SelectMany(v => BitConverter.GetBytes(v).Reverse())]);
        var (read, _) = ArrayData.Load(new DataOptions { File = Write("big.npy", big), Targets = Write("t.npy", Npy("<f8", [4], Float64s([0.5, 1, 0, 2]))), TestFraction = 0.5 }, classes: null);
        Assert.Equal([1.5, -2.25, 1e-300, 3], read.X);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "int64 inputs", "data", "holds int64 values; inputs must be float32, float64 or uint8" },
        { "Fortran order", "data", "is in Fortran order" },
        { "truncated", "data", "needs 64 bytes of data but the file holds 60 (truncated)" },
        { "label out of range", "targets", "sample 2 has label 3; the model has 3 classes, labels 0..2" },
        { "float labels", "targets", "holds float64 values; class labels must be integers" },
        { "too few targets", "targets", "has shape (3,); one target per sample of x.npy, (4,), is needed" },
        { "not npy", "data", "is not a .npy array" },
        { "no targets", "targets", "give the targets with «targets» FILE.npy" },
        { "object array", "data", "holds '|O8' values" },
        { "nan input", "data", "sample 1 holds the value NaN; inputs must be finite" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void BadArraysAreRefusedInOneLineNamingTheOption(string what, string option, string message)
    {
        var x = Float64s([0, 1, 2, 3, 4, 5, 6, 7]);
        var xBytes = what switch
        {
            "int64 inputs" => Npy("<i8", [4, 2], x),
            "Fortran order" => Npy("<f8", [4, 2], x, fortran: true),
            "truncated" => Npy("<f8", [4, 2], x)[..^4],
            "not npy" => Encoding.ASCII.GetBytes("a,b\n1,2\n"),
            "object array" => Npy("|O8", [4, 2], x),
            "nan input" => Npy("<f8", [4, 2], Float64s([0, 1, 2, double.NaN, 4, 5, 6, 7])),
            _ => Npy("<f8", [4, 2], x),
        };
        var yBytes = what switch
        {
            "label out of range" => Npy("<i8", [4], Int64s([0, 1, 3, 2])),
            "float labels" => Npy("<f8", [4], Float64s([0, 1, 2, 1])),
            "too few targets" => Npy("<i8", [3], Int64s([0, 1, 2])),
            _ => Npy("<i8", [4], Int64s([0, 1, 2, 1])),
        };
        var options = new DataOptions { File = Write("x.npy", xBytes), Targets = what == "no targets" ? null : Write("y.npy", yBytes), TestFraction = 0.5 };
        var e = Assert.Throws<InvalidOptionException>(() =>
        {
            options.Validate();
            ArrayData.Load(options, classes: 3);
        });
        Assert.Equal(option, e.Option);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AnArchiveNamesItsArraysWhenOneIsMissingAndRefusesABrokenZip()
    {
        var path = Npz("d.npz", ("inputs", Npy("<f4", [4, 1], [.. Enumerable.Range(1, 4).SelectMany(v => BitConverter.GetBytes((float)v))])), ("y", Npy("<i8", [4], Int64s([0, 1, 1, 0]))));
        var e = Assert.Throws<InvalidOptionException>(() => ArrayData.Load(new DataOptions { File = path }, classes: 2));
        Assert.Equal("x-array", e.Option);
        Assert.Contains("d.npz has no array 'x'; its arrays are 'inputs', 'y'", e.Message, StringComparison.Ordinal);

        var (data, _) = ArrayData.Load(new DataOptions { File = path, XArray = "inputs", TestFraction = 0.5 }, classes: 2);
        Assert.Equal([1.0, 2.0, 3.0, 4.0], data.X);

        var broken = Write("broken.npz", File.ReadAllBytes(path)[..40]);
        var b = Assert.Throws<InvalidOptionException>(() => ArrayData.Load(new DataOptions { File = broken }, classes: 2));
        Assert.Equal("data", b.Option);
        Assert.Contains("not a readable .npz archive", b.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArrayOptionsBelongToArrayFilesAndCsvOptionsToCsv()
    {
        var csvWithScale = Assert.Throws<InvalidOptionException>(() => new DataOptions { File = "a.csv", Scale = 0.5 }.Validate());
        Assert.Equal("scale", csvWithScale.Option);
        var npyWithTarget = Assert.Throws<InvalidOptionException>(() => new DataOptions { File = "a.npy", Targets = "b.npy", Target = "label" }.Validate());
        Assert.Equal("target", npyWithTarget.Option);
        var npzWithTargets = Assert.Throws<InvalidOptionException>(() => new DataOptions { File = "a.npz", Targets = "b.npy" }.Validate());
        Assert.Equal("targets", npzWithTargets.Option);
        var badScale = Assert.Throws<InvalidOptionException>(() => new DataOptions { File = "a.npz", Scale = 0 }.Validate());
        Assert.Equal("scale", badScale.Option);
    }
}
