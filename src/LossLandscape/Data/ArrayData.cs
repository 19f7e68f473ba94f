using System.Globalization;
using LossLandscape.IO;

namespace LossLandscape.Data;

/// <summary>
/// The user's data as numpy arrays: <c>--data X.npy --targets Y.npy</c>, or <c>--data D.npz</c> with the arrays named by
/// <see cref="DataOptions.XArray"/>, <see cref="DataOptions.YArray"/> and optionally <see cref="DataOptions.SplitArray"/>.
/// Inputs are float32, float64 or uint8 of shape (N, …), each sample's values in C order (N × 3 × 32 × 32 feeds a
/// CNN's N × 3 × 32 × 32 input as it is), multiplied by <see cref="DataOptions.Scale"/>; targets are (N,) class labels
/// of an integer type, or numbers for the mean squared error. The arrays are memory-mapped and read a block of rows at a
/// time. Every problem is one <see cref="InvalidOptionException"/> naming the option and the file.
/// </summary>
public static class ArrayData
{
    /// <summary>Rows read from the mapped inputs at a time.</summary>
    private const int RowsPerRead = 256;

    /// <summary>True when <paramref name="path"/> names a .npy or .npz file (by its extension).</summary>
    public static bool IsArrayFile(string? path) =>
        path is not null && (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="path"/> names an .npz archive.</summary>
    public static bool IsArchive(string? path) => path is not null && path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the arrays <paramref name="options"/> name. <paramref name="classes"/>, when set, is the number of classes
    /// the labels must lie below (then the labels must be integers).
    /// </summary>
    public static (Dataset Data, TrainTestSplit Split) Load(DataOptions options, int? classes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.File ?? throw new ArgumentException("no data file is set", nameof(options));
        var archive = IsArchive(path);
        using var x = archive ? NpyArray.OpenEntry(path, options.XArray, "data", "x-array") : NpyArray.Open(path, "data");
        using var y = archive
            ? NpyArray.OpenEntry(path, options.YArray, "data", "y-array")
            : NpyArray.Open(options.Targets ?? throw new InvalidOptionException("targets", $"«data» {Path.GetFileName(path)} holds the inputs: give the targets with «targets» FILE.npy"), "targets");
        using var splitArray = archive && options.SplitArray is { } name ? NpyArray.OpenEntry(path, name, "data", "split-array") : null;
        var xOption = archive ? "x-array" : "data";
        var yOption = archive ? "y-array" : "targets";

        var xh = x.Header;
        if (xh.Kind is not (NpyKind.Float or NpyKind.Unsigned) || (xh.Kind == NpyKind.Unsigned && xh.ItemSize != 1))
        {
            throw new InvalidOptionException(xOption, $"{x.Source} holds {xh.TypeName} values; inputs must be float32, float64 or uint8");
        }

        if (xh.Shape.Length < 1 || xh.Shape[0] < 1)
        {
            throw new InvalidOptionException(xOption, $"{x.Source} has shape {xh.ShapeText}; inputs are (N, …) with N ≥ 1 samples");
        }

        var rows = (int)xh.Shape[0];
        var inputs = xh.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (inputs < 1 || inputs * rows > Array.MaxLength)
        {
            throw new InvalidOptionException(xOption, $"{x.Source} has shape {xh.ShapeText}: {inputs * rows} input values; between 1 and {Array.MaxLength} are read");
        }

        var yh = y.Header;
        if (!(yh.Shape is [var n] || yh.Shape is [var m, 1] && (n = m) >= 0) || n != rows)
        {
            throw new InvalidOptionException(yOption, $"{y.Source} has shape {yh.ShapeText}; one target per sample of {x.Source}, ({rows},), is needed");
        }

        if (classes is not null && yh.Kind is not (NpyKind.Signed or NpyKind.Unsigned))
        {
            throw new InvalidOptionException(yOption, $"{y.Source} holds {yh.TypeName} values; class labels must be integers (int64, int32, uint8, …)");
        }

        if (yh.Kind is not (NpyKind.Float or NpyKind.Signed or NpyKind.Unsigned))
        {
            throw new InvalidOptionException(yOption, $"{y.Source} holds {yh.TypeName} values; targets must be numbers");
        }

        var targets = new double[rows];
        y.Read(0, targets);
        for (var i = 0; i < rows; i++)
        {
            if (classes is { } k && !(targets[i] >= 0 && targets[i] < k))
            {
                throw new InvalidOptionException(yOption, $"{y.Source}: sample {i} has label {targets[i].ToString(CultureInfo.InvariantCulture)}; the model has {k} classes, labels 0..{k - 1}");
            }

            if (!double.IsFinite(targets[i]))
            {
                throw new InvalidOptionException(yOption, $"{y.Source}: sample {i} has the target {targets[i].ToString(CultureInfo.InvariantCulture)}; targets must be finite");
            }
        }

        var values = new double[rows * inputs];
        for (var first = 0; first < rows; first += RowsPerRead)
        {
            var count = Math.Min(RowsPerRead, rows - first);
            var block = values.AsSpan((int)(first * inputs), (int)(count * inputs));
            x.Read(first * inputs, block, options.Scale);
            if (!AllFinite(block, out var at))
            {
                throw new InvalidOptionException(xOption, $"{x.Source}: sample {first + (at / inputs)} holds the value {block[(int)at].ToString(CultureInfo.InvariantCulture)}; inputs must be finite");
            }
        }

        var split = splitArray is null ? RandomSplit(options, rows, path) : ColumnSplit(splitArray, rows);
        var shape = xh.Shape.Skip(1).Select(d => (int)d).ToArray();
        var description = $"{x.Source} {xh.TypeName} {xh.ShapeText}";
        return (Dataset.FromArrays(values, targets, (int)inputs, shape, description, y.Source), split);
    }

    private static bool AllFinite(ReadOnlySpan<double> values, out long at)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                at = i;
                return false;
            }
        }

        at = -1;
        return true;
    }

    private static TrainTestSplit RandomSplit(DataOptions options, int rows, string path)
    {
        var (train, test) = TrainTestSplit.Sizes(rows, options.TestFraction);
        if (train < 2 || test < 2)
        {
            throw new InvalidOptionException("test-fraction", $"{Path.GetFileName(path)}: {options.TestFraction.ToString(CultureInfo.InvariantCulture)} of {rows} samples leaves {train} train and {test} test samples; each side needs at least two");
        }

        return TrainTestSplit.Create(rows, options.TestFraction, options.Seed);
    }

    private static TrainTestSplit ColumnSplit(NpyArray split, int rows)
    {
        var h = split.Header;
        if (h.Shape is not [var n] || n != rows)
        {
            throw new InvalidOptionException("split-array", $"{split.Source} has shape {h.ShapeText}; one entry per sample, ({rows},), is needed");
        }

        var isTest = new bool[rows];
        if (h.Kind is NpyKind.Unicode or NpyKind.Bytes)
        {
            for (var i = 0; i < rows; i++)
            {
                isTest[i] = split.ReadString(i) switch
                {
                    "test" => true,
                    "train" => false,
                    var other => throw new InvalidOptionException("split-array", $"{split.Source}: sample {i} is marked '{other}'; each is 'train' or 'test'"),
                };
            }
        }
        else if (h.Kind == NpyKind.Bool)
        {
            var flags = new double[rows];
            split.Read(0, flags);
            for (var i = 0; i < rows; i++)
            {
                isTest[i] = flags[i] != 0;
            }
        }
        else
        {
            throw new InvalidOptionException("split-array", $"{split.Source} holds {h.TypeName} values; 'train'/'test' strings or booleans (true for test) are needed");
        }

        var result = TrainTestSplit.FromColumn(isTest);
        if (result.Train.Length < 2 || result.Test.Length < 2)
        {
            throw new InvalidOptionException("split-array", $"{split.Source} marks {result.Train.Length} train and {result.Test.Length} test samples; each side needs at least two");
        }

        return result;
    }
}
