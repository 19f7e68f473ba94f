using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LossLandscape.IO;

/// <summary>The element kinds of a .npy array that the data readers take.</summary>
public enum NpyKind
{
    /// <summary>IEEE floating point ('f': float32, float64).</summary>
    Float,

    /// <summary>Signed integers ('i': int8 … int64).</summary>
    Signed,

    /// <summary>Unsigned integers ('u': uint8 … uint64).</summary>
    Unsigned,

    /// <summary>Booleans ('b1').</summary>
    Bool,

    /// <summary>Fixed-length unicode strings ('U': four bytes a character, UTF-32).</summary>
    Unicode,

    /// <summary>Fixed-length byte strings ('S').</summary>
    Bytes,
}

/// <summary>
/// The header of a .npy array of any rank (numpy's format 1.0–3.0): element kind and size, byte order, shape and where
/// the data begin, checked against the file's length before anything is read from the data. Errors name the option
/// given and say what is wrong: not .npy, an unsupported version, a dtype numpy writes for objects or records,
/// Fortran order, a header or data shorter than they claim.
/// </summary>
public sealed partial record NpyHeader(NpyKind Kind, int ItemSize, bool LittleEndian, long[] Shape, long DataOffset)
{
    /// <summary>The longest header read (numpy's own headers are a few hundred bytes).</summary>
    public const int MaxHeaderBytes = 1 << 16;

    /// <summary>Bytes enough to hold any header this reader takes.</summary>
    public const int MaxPrefixBytes = 12 + MaxHeaderBytes;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Number of elements: the product of the shape (1 for a scalar).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>numpy's name of the element type, e.g. <c>float32</c>, <c>uint8</c>, <c>&lt;U5</c>.</summary>
    public string TypeName => Kind switch
    {
        NpyKind.Float => $"float{8 * ItemSize}",
        NpyKind.Signed => $"int{8 * ItemSize}",
        NpyKind.Unsigned => $"uint{8 * ItemSize}",
        NpyKind.Bool => "bool",
        NpyKind.Unicode => $"<U{ItemSize / 4}",
        NpyKind.Bytes => $"|S{ItemSize}",
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The shape as numpy prints it, e.g. <c>(96, 3, 8, 8)</c>.</summary>
    public string ShapeText => Shape.Length == 1
        ? string.Create(CultureInfo.InvariantCulture, $"({Shape[0]},)")
        : $"({string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})";

    /// <summary>
    /// Parses the header at the start of <paramref name="prefix"/> (the file's first bytes, at least
    /// <see cref="MaxPrefixBytes"/> when the file is longer) of a file of <paramref name="fileLength"/> bytes.
    /// </summary>
    public static NpyHeader Parse(ReadOnlySpan<byte> prefix, long fileLength, string source, string option)
    {
        if (prefix.Length < 10 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidOptionException(option, $"{source} is not a .npy array (it does not begin with numpy's magic bytes)");
        }

        int major = prefix[6], minor = prefix[7], start;
        long headerLength;
        switch (major)
        {
            case 1 when minor == 0:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
                start = 10;
                break;
            case 2 or 3 when minor == 0 && prefix.Length >= 12:
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                start = 12;
                break;
            case 2 or 3 when minor == 0:
                throw new InvalidOptionException(option, $"{source}: the .npy header is truncated");
            default:
                throw new InvalidOptionException(option, $"{source}: .npy version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)");
        }

        if (headerLength > MaxHeaderBytes)
        {
            throw new InvalidOptionException(option, $"{source}: the .npy header claims {headerLength} bytes; at most {MaxHeaderBytes} are allowed");
        }

        if (prefix.Length - start < headerLength)
        {
            throw new InvalidOptionException(option, $"{source}: the .npy header claims {headerLength} bytes but the file holds {prefix.Length - start} after the preamble (truncated)");
        }

        var header = Encoding.UTF8.GetString(prefix.Slice(start, (int)headerLength));
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success)
        {
            throw new InvalidOptionException(option, $"{source}: the .npy header is not understood (records and objects are not read): {Shorten(header.Trim())}");
        }

        var code = descr.Groups[2].Value;
        var size = int.Parse(descr.Groups[3].Value, CultureInfo.InvariantCulture);
        var kind = code switch
        {
            "f" when size is 4 or 8 => NpyKind.Float,
            "i" when size is 1 or 2 or 4 or 8 => NpyKind.Signed,
            "u" when size is 1 or 2 or 4 or 8 => NpyKind.Unsigned,
            "b" when size == 1 => NpyKind.Bool,
            "U" when size is > 0 and < 1024 => NpyKind.Unicode,
            "S" when size is > 0 and < 4096 => NpyKind.Bytes,
            _ => throw new InvalidOptionException(option, $"{source} holds '{descr.Groups[1].Value}{code}{size}' values; float32, float64, integers, bool or strings are read"),
        };
        var itemSize = kind == NpyKind.Unicode ? 4 * size : size;
        var littleEndian = descr.Groups[1].Value switch
        {
            ">" => false,
            "<" => true,
            _ => BitConverter.IsLittleEndian,
        };

        if (order.Groups[1].Value != "False")
        {
            throw new InvalidOptionException(option, $"{source} is in Fortran order; save it in C order (np.ascontiguousarray, numpy's default)");
        }

        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= int.MaxValue
                ? n
                : throw new InvalidOptionException(option, $"{source}: the .npy shape has the length '{Shorten(d)}'; lengths are whole numbers up to {int.MaxValue}"))
            .ToArray();
        var result = new NpyHeader(kind, itemSize, littleEndian, shape, start + headerLength);

        // Every length is below 2³¹, so the byte count fits in 128 bits; the data must hold exactly that many bytes.
        var expected = shape.Aggregate((Int128)itemSize, (a, b) => a * b);
        var held = fileLength - result.DataOffset;
        if (expected != held)
        {
            var what = expected > held ? "truncated" : "longer than its header says";
            throw new InvalidOptionException(option, $"{source}: a {result.TypeName} array of shape {result.ShapeText} needs {expected} bytes of data but the file holds {held} ({what})");
        }

        return result;
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    [GeneratedRegex(@"'descr'\s*:\s*'([<>|=]?)([a-zA-Z])(\d+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
