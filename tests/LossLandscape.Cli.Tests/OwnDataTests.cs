using System.Text.Json;
using Google.Protobuf;
using LossLandscape.Files;
using LossLandscape.Models;
using LossLandscape.Testing;
using Onnx;

namespace LossLandscape.Cli.Tests;

/// <summary>The user's own data and model on the command line: a CSV file, cross-entropy, an ONNX model and the export.</summary>
public sealed class OwnDataTests
{
    private static string Fixture(string name) => Path.Combine(Reference.RepositoryRoot, "tests", "fixtures", name);

    private static string WriteCsv(string text)
    {
        var path = Path.Combine(CliRunner.TempDirectory(), "mine.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static readonly string[] Classifier = ["--data", Fixture("classifier.csv"), "--split", "column", "--loss", "cross-entropy", "--layers", "2,8,3", "--bias", "--epochs", "3", "--batch-size", "16", "--a-range", "-1:1:0.25", "--b-range", "-1:1:0.25"];

    public static TheoryData<string, string[], string> BadCsv => new()
    {
        { "a,b,y\n1,2,3\n4,,6\n7,8,9\n1,1,1\n2,2,2\n", [], "error: --data: mine.csv: line 3, column 'b': missing value" },
        { "a,b,y\n1,2,3\n4,x5,6\n7,8,9\n1,1,1\n2,2,2\n", [], "error: --data: mine.csv: line 3, column 'b': 'x5' is not a number" },
        { "a,b,y\n1,2,0\n4,5,1.5\n7,8,2\n1,1,1\n2,2,0\n", ["--loss", "cross-entropy", "--layers", "2,4,3"], "error: --data: mine.csv: line 3, column 'y': class index 1.5 is not an integer in 0..2" },
        { "a,b,y\n1,2,0\n4,5,3\n7,8,2\n1,1,1\n2,2,0\n", ["--loss", "cross-entropy", "--layers", "2,4,3"], "error: --data: mine.csv: line 3, column 'y': class index 3 is not an integer in 0..2" },
        { "a,b,y\n1,2,3\n4,5,6\n7,8,9\n1,1,1\n", ["--target", "label"], "error: --data: mine.csv: line 1: the header has no target column 'label' (columns: a, b, y)" },
        { "a,split,y\n1,train,2\n4,test,5\n", ["--layers", "1,2,1", "--bias"], "error: --data: mine.csv: line 2, column 'split': 'train' is not a number (--split column reads it as the train/test split)" },
        { "a,y,split\n1,2,train\n4,5,test\n7,8,train\n1,1,train\n", ["--split", "column", "--layers", "1,2,1", "--bias"], "error: --data: mine.csv: column 'split': 3 train and 1 test rows; each side needs at least two" },
    };

    [Theory]
    [MemberData(nameof(BadCsv))]
    public void ABadCsvGetsOneLineNamingFileLineAndColumnExit2AndNothingWritten(string csv, string[] extra, string expected)
    {
        var dir = CliRunner.NewDirectoryPath();
        var defaults = extra.Contains("--layers") ? [] : new[] { "--layers", "2,4,1", "--bias" };
        var (exit, output, error) = CliRunner.Run(["run", "--data", WriteCsv(csv), .. defaults, .. extra, "--epochs", "1", "--batch-size", "1", "--out", dir]);
        Assert.Equal(2, exit);
        Assert.Equal(expected, error.TrimEnd());
        Assert.DoesNotContain('\n', error.TrimEnd());
        Assert.False(Directory.Exists(dir), output);
    }

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["--loss", "cross-entropy"], "error: --loss: cross-entropy needs class indices in a data file: give --data FILE.csv" },
        { ["--data", "CLASSIFIER", "--split", "column", "--layers", "3,4,1", "--bias"], "error: --layers: the model's first layer takes 3 input(s); the data have 2 (give --layers 2,…)" },
        { ["--surface", "accuracy"], "error: --surface: accuracy is a classifier's: it needs --loss cross-entropy" },
        { ["--standardize"], "error: --standardize: applies to a data file; give --data FILE.csv" },
        { ["--model", "CLASSIFIER_ONNX", "--layers", "2,3"], "error: --layers: --model CLASSIFIER_ONNX gives the model's shape and its starting weights; leave out --layers" },
        { ["--split", "sideways"], "error: --split: 'sideways' is not allowed; use one of random|column" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadCombinationsAreRefusedWithOneLine(string[] args, string expected)
    {
        var classifier = Fixture("classifier.csv");
        var onnx = Fixture("classifier.onnx");
        args = [.. args.Select(a => a.Replace("CLASSIFIER_ONNX", onnx, StringComparison.Ordinal).Replace("CLASSIFIER", classifier, StringComparison.Ordinal))];
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", .. args, "--epochs", "1", "--out", dir]);
        Assert.Equal(2, exit);
        Assert.Equal(expected.Replace("CLASSIFIER_ONNX", onnx, StringComparison.Ordinal), error.TrimEnd());
        Assert.False(Directory.Exists(dir));
    }

    public static TheoryData<string, string> BadOnnx => new()
    {
        { "truncated", "error: --model: cut.onnx is not a readable ONNX model (truncated or not ONNX)" },
        { "operator", "error: --model: cut.onnx: operator Softmax (node '/1/Tanh') is not part of an MLP; ONNX Runtime will evaluate such a graph" },
        { "integer", "error: --model: cut.onnx: the initializer '0.weight' holds int64, not float or double" },
        { "missing", "error: --model: cut.onnx: node '/0/Gemm' (Gemm) reads '0.weight', which is not an initializer" },
        { "shape", "error: --model: the model's first layer takes 1 input(s); the data have 2 (pick --features to match)" },
    };

    [Theory]
    [MemberData(nameof(BadOnnx))]
    public void ABadOnnxModelGetsOneLineAndExit2(string damage, string expected)
    {
        var spec = new MlpSpec([damage == "shape" ? 1 : 2, 4, 3], Activation.Tanh, true);
        var model = OnnxMlpExport.Build(spec, new Mlp(spec).Initialize(0));
        switch (damage)
        {
            case "operator":
                model.Graph.Node.Single(n => n.OpType == "Tanh").OpType = "Softmax";
                break;
            case "integer":
                model.Graph.Initializer[0].DataType = (int)TensorProto.Types.DataType.Int64;
                break;
            case "missing":
                model.Graph.Initializer.RemoveAt(0);
                break;
        }

        var bytes = model.ToByteArray();
        var path = Path.Combine(CliRunner.TempDirectory(), "cut.onnx");
        File.WriteAllBytes(path, damage == "truncated" ? bytes[..(bytes.Length / 2)] : bytes);
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--model", path, "--data", Fixture("classifier.csv"), "--split", "column", "--loss", "cross-entropy", "--epochs", "1", "--out", dir]);
        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.TrimEnd());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AFullBatchOnACsvFileIsOneStepPerEpochOverEveryTrainingRow()
    {
        // The file's training set size (135 rows) is known only once it is read: full must still mean all of them.
        string[] args = ["run", "--data", Fixture("classifier.csv"), "--split", "column", "--loss", "cross-entropy", "--layers", "2,8,3", "--bias", "--epochs", "3", "--a-range", "-1:1:0.5", "--b-range", "-1:1:0.5"];
        var full = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run([.. args, "--batch-size", "full", "--out", full]);
        Assert.True(exit == 0, error);
        var whole = CliRunner.NewDirectoryPath();
        (exit, _, error) = CliRunner.Run([.. args, "--batch-size", "135", "--out", whole]);
        Assert.True(exit == 0, error);

        var rows = CliRunner.Csv(Path.Combine(full, "trajectory.csv"));
        Assert.Equal(["0", "1", "2", "3"], rows.Select(r => r["step"]));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "trajectory.csv")), File.ReadAllText(Path.Combine(full, "trajectory.csv")));
    }

    [Fact]
    public void AClassifierRunWritesAccuracyTheDataAndTheExportThatReadsBack()
    {
        var dir = CliRunner.NewDirectoryPath();
        var export = Path.Combine(CliRunner.TempDirectory(), "trained.onnx");
        var (exit, output, error) = CliRunner.Run(["run", .. Classifier, "--standardize", "--surface", "accuracy", "--export-onnx", export, "--out", dir]);
        Assert.True(exit == 0, error);
        Assert.Contains("accuracy.html", output, StringComparison.Ordinal);

        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var data = run.RootElement.GetProperty("resolved").GetProperty("data");
        Assert.Equal(["x1", "x2"], data.GetProperty("features").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("label", data.GetProperty("target").GetString());
        Assert.Equal(3, data.GetProperty("classes").GetInt32());
        Assert.Equal(135, run.RootElement.GetProperty("resolved").GetProperty("train_points").GetInt32());
        var mean = data.GetProperty("standardization").GetProperty("mean").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var std = data.GetProperty("standardization").GetProperty("std").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        // data.csv holds the inputs as trained on: the training rows have mean 0 and standard deviation 1 per input.
        var rows = CliRunner.Csv(Path.Combine(dir, "data.csv"));
        Assert.Equal(["index", "x1", "x2", "label", "split"], rows[0].Keys);
        var train = rows.Where(r => r["split"] == "train").ToList();
        foreach (var column in new[] { "x1", "x2" })
        {
            var values = train.Select(r => double.Parse(r[column], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(0, values.Average(), 12);
            Assert.Equal(1, Math.Sqrt(values.Select(v => v * v).Average()), 12);
        }

        var raw = File.ReadLines(Fixture("classifier.csv")).Skip(1).Select(l => l.Split(',')).Where(c => c[2] == "train").Select(c => double.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(raw.Average(), mean[0], 12);
        Assert.Equal(Math.Sqrt(raw.Select(v => (v - raw.Average()) * (v - raw.Average())).Average()), std[0], 12);

        using var surface = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "surface.json")));
        var accuracy = surface.RootElement.GetProperty("accuracy").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetDouble()).ToArray();
        Assert.Equal(64, accuracy.Length);
        Assert.All(accuracy, a => Assert.InRange(a, 0, 1));
        Assert.All(accuracy, a => Assert.Equal(0, (a * 45) - Math.Round(a * 45), 9));

        var weights = LossLandscape.Files.NpyFile.Read(Path.Combine(dir, "weights.npy"), "weights");
        var imported = OnnxMlpImport.Read(export);
        Assert.Equal([2, 8, 3], imported.Spec.Layers);
        Assert.Equal(weights[^1].Select(v => (double)(float)v), imported.Theta);
    }

    [Fact]
    public void TheOnnxClassifierStartsFromItsOwnWeights()
    {
        var dir = CliRunner.NewDirectoryPath();
        var (exit, _, error) = CliRunner.Run(["run", "--model", Fixture("classifier.onnx"), "--data", Fixture("classifier.csv"), "--split", "column", "--loss", "cross-entropy", "--epochs", "0", "--plane", "random", "--a-range", "-1:1:0.5", "--b-range", "-1:1:0.5", "--out", dir]);
        Assert.True(exit == 0, error);
        using var reference = JsonDocument.Parse(File.ReadAllText(Fixture("classifier.json")));
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        var final = run.RootElement.GetProperty("results").GetProperty("final");
        var expected = reference.RootElement.GetProperty("test").GetProperty("cross_entropy_float64").GetDouble();
        Assert.Equal(expected, final.GetProperty("test_loss").GetDouble(), 12);
    }
}
