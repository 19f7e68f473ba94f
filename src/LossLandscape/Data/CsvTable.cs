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
            using var reader = new StreamReader(IO.InputFile.OpenRead(path, Option, Limits.MaxDataFileBytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            return new Parser(name, columns).Parse(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOptionException(Option, $"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>
    /// One pass over the text: the header first, then blocks of whole lines (about <see cref="ChunkChars"/> characters
    /// each) parsed in parallel, a batch at a time, and joined in file order. Each block knows its first line number, so
    /// the first error in the file is the one reported whatever the threads did; cells are parsed as spans.
    /// </summary>
    private sealed class Parser(string file, CsvColumns columns)
    {
        private const int BlocksPerBatch = 16;

        private readonly List<Block> _done = [];
        private string[] _header = [];
        private int[] _featureIndex = [];
        private int _targetIndex;
        private int _splitIndex = -1;
        private bool[] _wanted = [];

        public CsvTable Parse(TextReader reader, string path)
        {
            var buffer = new char[ChunkChars];
            var filled = 0;
            var headerDone = false;
            var line = 1;
            var batch = new List<Block>();
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // The buffer holds one unfinished line: a line longer than the limit ends the read here.
                    if (filled >= Limits.MaxLineChars)
                    {
                        throw Error($"line {line} is longer than the limit of {Limits.MaxLineChars} characters");
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = reader.Read(buffer, filled, buffer.Length - filled);
                var end = filled + read;
                var atEnd = read == 0;
                var start = 0;
                if (!headerDone)
                {
                    var newline = buffer.AsSpan(0, end).IndexOf('\n');
                    if (newline < 0 && !atEnd)
                    {
                        filled = end;
                        continue;
                    }

                    if (end == 0)
                    {
                        break;
                    }

                    var length = newline < 0 ? end : newline;
                    ReadHeader(buffer.AsSpan(0, length).TrimEnd('\r'));
                    headerDone = true;
                    start = length + (newline < 0 ? 0 : 1);
                    line = 2;
                }

                // The whole lines of this buffer form a block; the rest starts the next buffer.
                var last = atEnd ? end : start + buffer.AsSpan(start, end - start).LastIndexOf('\n') + 1;
                if (last > start)
                {
                    var block = new Block(buffer, start, last - start, line);
                    batch.Add(block);
                    line += block.LineCount;
                    if (line - 2 > Limits.MaxSamples)
                    {
                        throw Error($"more than {Limits.MaxSamples} data rows, the limit (as for --samples)");
                    }

                    var next = new char[Math.Max(ChunkChars, (end - last) * 2)];
                    buffer.AsSpan(last, end - last).CopyTo(next);
                    buffer = next;
                    filled = end - last;
                }
                else
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    filled = end - start;
                }

                if (batch.Count == BlocksPerBatch || (atEnd && batch.Count > 0))
                {
                    ParseBatch(batch);
                    batch.Clear();
                }

                if (atEnd)
                {
                    break;
                }
            }

            if (!headerDone)
            {
                throw Error("the file is empty; it needs a header row and at least two data rows");
            }

            return Finish(path);
        }

        private void ParseBatch(List<Block> batch)
        {
            Parallel.ForEach(batch, block => block.Parse(this));
            foreach (var block in batch)
            {
                if (block.Failure is { } failure)
                {
                    throw failure;
                }

                _done.Add(block);
            }
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
                if (features.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    throw new InvalidOptionException("features", $"names the column '{SafeText.Terminal(twice.Key)}' {twice.Count()} times; name each input column once");
                }

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

        private CsvTable Finish(string path)
        {
            var rows = _done.Sum(b => b.Rows);
            if (rows < 2)
            {
                throw Error($"{rows} data row{(rows == 1 ? string.Empty : "s")}; at least two are needed");
            }

            var inputs = _featureIndex.Length;
            var x = GC.AllocateUninitializedArray<double>(rows * inputs);
            var y = GC.AllocateUninitializedArray<double>(rows);
            var isTest = _splitIndex >= 0 ? new bool[rows] : null;
            var at = 0;
            foreach (var block in _done)
            {
                block.X.AsSpan(0, block.Rows * inputs).CopyTo(x.AsSpan(at * inputs));
                block.Y.AsSpan(0, block.Rows).CopyTo(y.AsSpan(at));
                block.IsTest?.AsSpan(0, block.Rows).CopyTo(isTest.AsSpan(at));
                at += block.Rows;
            }

            if (isTest is not null)
            {
                var test = isTest.Count(t => t);
                var train = rows - test;
                if (train < 2 || test < 2)
                {
                    throw Error($"column '{_header[_splitIndex]}': {train} train and {test} test rows; each side needs at least two");
                }
            }

            return new CsvTable(path, [.. _featureIndex.Select(i => _header[i])], _header[_targetIndex], rows, x, y, isTest);
        }

        /// <summary>Whole lines of the file, from line <c>firstLine</c> on, parsed on one thread into their own arrays.</summary>
        private sealed class Block(char[] buffer, int offset, int length, int firstLine)
        {
            private double[] _rowValues = [];
            private int _line;
            private Parser _parser = null!;

            /// <summary>The number of lines the block holds (a last line without a newline counts).</summary>
            public int LineCount => buffer.AsSpan(offset, length).Count('\n') + (length > 0 && buffer[offset + length - 1] != '\n' ? 1 : 0);

            public int Rows { get; private set; }

            public double[] X { get; private set; } = [];

            public double[] Y { get; private set; } = [];

            public bool[]? IsTest { get; private set; }

            /// <summary>The block's first error, if any (the rows after it are not read).</summary>
            public InvalidOptionException? Failure { get; private set; }

            public void Parse(Parser parser)
            {
                _parser = parser;
                _rowValues = new double[parser._header.Length];
                var capacity = Math.Max(16, length / Math.Max(1, 4 * parser._header.Length));
                X = new double[capacity * parser._featureIndex.Length];
                Y = new double[capacity];
                IsTest = parser._splitIndex >= 0 ? new bool[capacity] : null;
                _line = firstLine - 1;
                var text = buffer.AsSpan(offset, length);
                var start = 0;
                try
                {
                    while (start < text.Length)
                    {
                        var newline = text[start..].IndexOf('\n');
                        var count = newline < 0 ? text.Length - start : newline;
                        var line = text.Slice(start, count).TrimEnd('\r');
                        _line++;
                        if (!line.IsWhiteSpace())
                        {
                            ReadRow(line);
                        }

                        start += count + 1;
                    }
                }
                catch (InvalidOptionException e)
                {
                    Failure = e;
                }
            }

            private void ReadRow(ReadOnlySpan<char> line)
            {
                var header = _parser._header;
                var wanted = _parser._wanted;
                var splitIndex = _parser._splitIndex;
                var column = 0;
                var rest = line;
                var more = true;
                var isTest = false;
                while (more)
                {
                    if (column >= header.Length)
                    {
                        throw _parser.Error($"line {_line}: more values than the header's {header.Length} columns");
                    }

                    var comma = rest.IndexOf(',');
                    more = comma >= 0;
                    var cell = (more ? rest[..comma] : rest).Trim();
                    rest = more ? rest[(comma + 1)..] : default;
                    if (column == splitIndex)
                    {
                        isTest = SplitValue(cell, column);
                    }
                    else if (wanted[column])
                    {
                        _rowValues[column] = Number(cell, column);
                    }

                    column++;
                }

                if (column < header.Length)
                {
                    throw _parser.Error($"line {_line}, column '{header[column]}': missing value (the line has {column} of {header.Length} columns)");
                }

                var features = _parser._featureIndex;
                if (Rows == Y.Length)
                {
                    var capacity = Rows * 2;
                    Y = Grow(Y, capacity);
                    X = Grow(X, capacity * features.Length);
                    IsTest = IsTest is null ? null : Grow(IsTest, capacity);
                }

                var row = X.AsSpan(Rows * features.Length, features.Length);
                for (var f = 0; f < row.Length; f++)
                {
                    row[f] = _rowValues[features[f]];
                }

                var targetIndex = _parser._targetIndex;
                var y = _rowValues[targetIndex];
                if (_parser.Classes is { } classes && (y != Math.Floor(y) || y < 0 || y >= classes))
                {
                    throw _parser.Error($"line {_line}, column '{header[targetIndex]}': class index {y.ToString(CultureInfo.InvariantCulture)} is not an integer in 0..{classes - 1}");
                }

                if (IsTest is not null)
                {
                    IsTest[Rows] = isTest;
                }

                Y[Rows++] = y;
            }

            private static T[] Grow<T>(T[] array, int length)
            {
                var grown = new T[length];
                array.CopyTo(grown, 0);
                return grown;
            }

            private double Number(ReadOnlySpan<char> cell, int column)
            {
                var header = _parser._header;
                if (cell.IsEmpty)
                {
                    throw _parser.Error($"line {_line}, column '{header[column]}': missing value");
                }

                if (!FastDouble.TryParse(cell, out var value) && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    var hint = header[column] == CsvData.SplitColumn && (cell.Equals("train", StringComparison.OrdinalIgnoreCase) || cell.Equals("test", StringComparison.OrdinalIgnoreCase))
                        ? " («split» column reads it as the train/test split)"
                        : string.Empty;
                    throw _parser.Error($"line {_line}, column '{header[column]}': '{Shorten(cell)}' is not a number{hint}");
                }

                return double.IsFinite(value)
                    ? value
                    : throw _parser.Error($"line {_line}, column '{header[column]}': '{Shorten(cell)}' is not a finite number");
            }

            private bool SplitValue(ReadOnlySpan<char> cell, int column)
            {
                var header = _parser._header;
                cell = cell.Trim('"');
                if (cell.Equals("test", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (cell.Equals("train", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                throw _parser.Error(cell.IsEmpty
                    ? $"line {_line}, column '{header[column]}': missing value (train or test)"
                    : $"line {_line}, column '{header[column]}': '{Shorten(cell)}' is neither train nor test");
            }
        }

        private int? Classes => columns.Classes;

        private InvalidOptionException Error(string message) => new(Option, $"{file}: {message}");

        private static string Shorten(ReadOnlySpan<char> cell) => cell.Length <= 24 ? cell.ToString() : $"{cell[..24]}…";
    }
}
