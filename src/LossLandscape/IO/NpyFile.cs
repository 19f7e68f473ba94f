using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace LossLandscape.IO;

/// <summary>
/// numpy's .npy format for float64 matrices (weights.npy: records × parameters). Writes version 1.0, little-endian
/// <c>&lt;f8</c>, C order, with the header numpy itself writes (keys sorted, 21 digits of room for the first axis to
/// grow, padded with spaces to a multiple of 64 bytes and ended by a newline), so <c>np.save</c> and this writer give
/// the same bytes. Reads versions 1.0–3.0 of float64 arrays in either byte order, 1-D (one row) or 2-D.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="rows"/> (each of the same length) as a 2-D float64 array to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, IReadOnlyList<double[]> rows) => AtomicFile.Write(path, stream => Write(stream, rows));

    /// <summary>Writes <paramref name="rows"/> as a 2-D float64 .npy array to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(rows);
        var columns = rows.Count > 0 ? rows[0].Length : 0;
        if (rows.Any(r => r.Length != columns))
        {
            throw new ArgumentException("every row must have the same length", nameof(rows));
        }

        var header = Header(rows.Count, columns);
        stream.Write(header);
        var buffer = new byte[8 * Math.Max(columns, 1)];
        foreach (var row in rows)
        {
            for (var j = 0; j < columns; j++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * j), row[j]);
            }

            stream.Write(buffer, 0, 8 * columns);
        }
    }

    /// <summary>The bytes before the data: magic, version 1.0, header length and numpy's header dictionary.</summary>
    internal static byte[] Header(int rows, int columns)
    {
        var shape = string.Create(CultureInfo.InvariantCulture, $"({rows}, {columns})");
        var dictionary = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}";

        // numpy leaves room for the first axis to grow to 21 digits, then pads to a multiple of 64 bytes.
        dictionary += new string(' ', GrowthDigits - rows.ToString(CultureInfo.InvariantCulture).Length);
        var unpadded = Magic.Length + 2 + 2 + dictionary.Length + 1;
        dictionary += new string(' ', 64 - (unpadded % 64)) + "\n"; // numpy pads a full 64 when already aligned
        var bytes = new byte[Magic.Length + 4 + dictionary.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)dictionary.Length));
        Encoding.ASCII.GetBytes(dictionary, bytes.AsSpan(10));
        return bytes;
    }

    /// <summary>numpy's GROWTH_AXIS_MAX_DIGITS: header room for the first axis's length.</summary>
    private const int GrowthDigits = 21;

    /// <summary>
    /// Reads a float64 .npy file: a 2-D array gives its rows, a 1-D array one row. Errors name <paramref name="field"/>
    /// and say what is wrong (not .npy, not float64, Fortran order, truncated).
    /// </summary>
    public static double[][] Read(string path, string field)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = InputFile.ReadAllBytes(path, field, Limits.MaxWeightsFileBytes);
        return Parse(bytes, path, field);
    }

    /// <summary>
    /// Parses the bytes of a float64 .npy file (see <see cref="Read(string, string)"/>): the header is checked by
    /// <see cref="NpyHeader.Parse"/> (version, header length within the file, dtype, order, shape against the data)
    /// before anything is allocated from it.
    /// </summary>
    public static double[][] Parse(ReadOnlySpan<byte> bytes, string source, string field)
    {
        var header = NpyHeader.Parse(bytes, bytes.Length, source, field);
        if (header.Kind != NpyKind.Float || header.ItemSize != 8)
        {
            throw new InvalidOptionException(field, $"{source} holds {header.TypeName} values; float64 ('<f8') is needed");
        }

        var (rows, columns) = header.Shape switch
        {
            [var n] => (1L, n),
            [var r, var c] => (r, c),
            _ => throw new InvalidOptionException(field, $"{source} has {header.Shape.Length} dimensions; records × parameters (2) or one vector (1) is needed"),
        };
        if (columns == 0)
        {
            throw new InvalidOptionException(field, $"{source} holds rows of no values; a row holds the model's parameters");
        }

        var data = bytes[(int)header.DataOffset..];
        var result = new double[rows][];
        for (var i = 0; i < rows; i++)
        {
            var row = new double[columns];
            for (var j = 0; j < columns; j++)
            {
                var slice = data.Slice((int)(8 * ((i * columns) + j)), 8);
                row[j] = header.LittleEndian ? BinaryPrimitives.ReadDoubleLittleEndian(slice) : BinaryPrimitives.ReadDoubleBigEndian(slice);
            }

            result[i] = row;
        }

        return result;
    }
}
