using System.Globalization;
using System.Text;

namespace LossLandscape.Data;

/// <summary>
/// A numeric CSV data file read into row-major inputs and targets. Every problem is one
/// <see cref="InvalidOptionException"/> for option <c>data</c> naming the file, the line and the column.
/// </summary>
public sealed class CsvTable
{
    /// <summary>The option every error names.</summary>
    public const string Option = "data";

    private const int ChunkChars = 1 << 20;

    private CsvTable(string path, string[] features, string target, int rows, double[] x, double[] y, bool[]? isTest)
    {
        Path = path;
        FeatureNames = features;
        TargetName = target;
        Rows = rows;
        X = x;
        Y = y;
        IsTest = isTest;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The input columns, in the order they appear in <see cref="X"/>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The target column.</summary>
    public string TargetName { get; }

    /// <summary>Number of data rows.</summary>
    public int Rows { get; }

    /// <summary>The inputs, row-major: <see cref="Rows"/> × <see cref="FeatureNames"/>.Count.</summary>
    public double[] X { get; }

    /// <summary>The targets, one per row.</summary>
    public double[] Y { get; }

    /// <summary>Per row, true for <c>test</c> in the split column; null when no split column was asked for.</summary>
    public bool[]? IsTest { get; }

    /// <summary>Reads <paramref name="path"/> with the columns chosen by <paramref name="columns"/>.</summary>
    public static CsvTable Read(string path, CsvColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        columns ??= new CsvColumns();
        if (columns.Classes is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), "Classes must be at least 1");
        }

        var name = System.IO.Path.GetFileName(path);
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            return new Parser(name, columns).Parse(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOptionException(Option, $"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>One pass over the text: lines are found in large chunks and cells parsed as spans.</summary>
    private sealed class Parser(string file, CsvColumns columns)
    {
        private readonly List<bool> _isTest = [];
        private double[] _x = [];
        private double[] _y = [];
        private int _rows;
        private string[] _header = [];
        private int[] _featureIndex = [];
        private int _targetIndex;
        private int _splitIndex = -1;
        private int _line;
        private double[] _rowValues = [];
        private bool[] _wanted = [];

        public CsvTable Parse(TextReader reader, string path)
        {
            var buffer = new char[ChunkChars];
            var filled = 0;
            var headerDone = false;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = reader.Read(buffer, filled, buffer.Length - filled);
                var end = filled + read;
                var atEnd = read == 0;
                var start = 0;
                while (start < end)
                {
                    var newline = buffer.AsSpan(start, end - start).IndexOf('\n');
                    if (newline < 0 && !atEnd)
                    {
                        break;
                    }

                    var length = newline < 0 ? end - start : newline;
                    var line = buffer.AsSpan(start, length).TrimEnd('\r');
                    _line++;
                    if (!headerDone)
                    {
                        ReadHeader(line);
                        headerDone = true;
                    }
                    else if (!line.IsWhiteSpace())
                    {
                        ReadRow(line);
                    }

                    start += length + (newline < 0 ? 0 : 1);
                }

                if (atEnd)
                {
                    break;
                }

                buffer.AsSpan(start, end - start).CopyTo(buffer);
                filled = end - start;
            }

            if (!headerDone)
            {
                throw Error("the file is empty; it needs a header row and at least two data rows");
            }

            return Finish(path);
        }

        private void ReadHeader(ReadOnlySpan<char> line)
        {
            var names = new List<string>();
            foreach (var range in line.Split(','))
            {
                names.Add(line[range].Trim().Trim('"').ToString());
            }

            _header = [.. names];
            for (var i = 0; i < _header.Length; i++)
            {
                if (_header[i].Length == 0)
                {
                    throw Error($"line 1, column {i + 1}: the header has an empty column name");
                }

                if (Array.IndexOf(_header, _header[i]) != i)
                {
                    throw Error($"line 1: the header names column '{_header[i]}' twice");
                }
            }

            if (columns.Split is { } split)
            {
                _splitIndex = Find(split, "split");
            }

            if (columns.Target is { } target)
            {
                _targetIndex = Find(target, "target");
            }
            else
            {
                _targetIndex = _splitIndex == _header.Length - 1 ? _header.Length - 2 : _header.Length - 1;
                if (_targetIndex < 0)
                {
                    throw Error("line 1: the header has no column for the target");
                }
            }

            if (_targetIndex == _splitIndex)
            {
                throw Error($"line 1: the target '{_header[_targetIndex]}' cannot also be the split column");
            }

            if (columns.Features is { } features)
            {
                _featureIndex = [.. features.Select(f => Find(f, "feature"))];
                foreach (var index in _featureIndex)
                {
                    if (index == _targetIndex || index == _splitIndex)
                    {
                        throw Error($"line 1: '{_header[index]}' cannot be both a feature and the {(index == _targetIndex ? "target" : "split column")}");
                    }
                }
            }
            else
            {
                _featureIndex = [.. Enumerable.Range(0, _header.Length).Where(i => i != _targetIndex && i != _splitIndex)];
            }

            if (_featureIndex.Length == 0)
            {
                throw Error("line 1: no input columns remain besides the target");
            }

            _rowValues = new double[_header.Length];
            _wanted = new bool[_header.Length];
            foreach (var index in _featureIndex)
            {
                _wanted[index] = true;
            }

            _wanted[_targetIndex] = true;
        }

        private int Find(string column, string role)
        {
            var index = Array.IndexOf(_header, column);
            return index >= 0
                ? index
                : throw Error($"line 1: the header has no {role} column '{column}' (columns: {string.Join(", ", _header)})");
        }

        private void ReadRow(ReadOnlySpan<char> line)
        {
            var column = 0;
            var rest = line;
            var more = true;
            while (more)
            {
                if (column >= _header.Length)
                {
                    throw Error($"line {_line}: more values than the header's {_header.Length} columns");
                }

                var comma = rest.IndexOf(',');
                more = comma >= 0;
                var cell = (more ? rest[..comma] : rest).Trim();
                rest = more ? rest[(comma + 1)..] : default;
                if (column == _splitIndex)
                {
                    _isTest.Add(SplitValue(cell, column));
                }
                else if (_wanted[column])
                {
                    _rowValues[column] = Number(cell, column);
                }

                column++;
            }

            if (column < _header.Length)
            {
                throw Error($"line {_line}, column '{_header[column]}': missing value (the line has {column} of {_header.Length} columns)");
            }

            if (_rows == _y.Length)
            {
                // Doubling arrays, not lists of boxed growth: a million rows are copied a few times, not re-added.
                var capacity = Math.Max(1024, _rows * 2);
                Array.Resize(ref _y, capacity);
                Array.Resize(ref _x, capacity * _featureIndex.Length);
            }

            var row = _x.AsSpan(_rows * _featureIndex.Length, _featureIndex.Length);
            for (var f = 0; f < row.Length; f++)
            {
                row[f] = _rowValues[_featureIndex[f]];
            }

            var y = _rowValues[_targetIndex];
            if (columns.Classes is { } classes && (y != Math.Floor(y) || y < 0 || y >= classes))
            {
                throw Error($"line {_line}, column '{_header[_targetIndex]}': class index {y.ToString(CultureInfo.InvariantCulture)} is not an integer in 0..{classes - 1}");
            }

            _y[_rows++] = y;
        }

        private double Number(ReadOnlySpan<char> cell, int column)
        {
            if (cell.IsEmpty)
            {
                throw Error($"line {_line}, column '{_header[column]}': missing value");
            }

            if (!FastDouble.TryParse(cell, out var value) && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                var hint = _header[column] == CsvData.SplitColumn && (cell.Equals("train", StringComparison.OrdinalIgnoreCase) || cell.Equals("test", StringComparison.OrdinalIgnoreCase))
                    ? " (--split column reads it as the train/test split)"
                    : string.Empty;
                throw Error($"line {_line}, column '{_header[column]}': '{Shorten(cell)}' is not a number{hint}");
            }

            return double.IsFinite(value)
                ? value
                : throw Error($"line {_line}, column '{_header[column]}': '{Shorten(cell)}' is not a finite number");
        }

        private bool SplitValue(ReadOnlySpan<char> cell, int column)
        {
            cell = cell.Trim('"');
            if (cell.Equals("test", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (cell.Equals("train", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            throw Error(cell.IsEmpty
                ? $"line {_line}, column '{_header[column]}': missing value (train or test)"
                : $"line {_line}, column '{_header[column]}': '{Shorten(cell)}' is neither train nor test");
        }

        private CsvTable Finish(string path)
        {
            var rows = _rows;
            if (rows < 2)
            {
                throw Error($"{rows} data row{(rows == 1 ? string.Empty : "s")}; at least two are needed");
            }

            bool[]? isTest = null;
            if (_splitIndex >= 0)
            {
                isTest = [.. _isTest];
                var test = isTest.Count(t => t);
                var train = rows - test;
                if (train < 2 || test < 2)
                {
                    throw Error($"column '{_header[_splitIndex]}': {train} train and {test} test rows; each side needs at least two");
                }
            }

            return new CsvTable(path, [.. _featureIndex.Select(i => _header[i])], _header[_targetIndex], rows, _x.AsSpan(0, rows * _featureIndex.Length).ToArray(), _y.AsSpan(0, rows).ToArray(), isTest);
        }

        private InvalidOptionException Error(string message) => new(Option, $"{file}: {message}");

        private static string Shorten(ReadOnlySpan<char> cell) => cell.Length <= 24 ? cell.ToString() : $"{cell[..24]}…";
    }
}
