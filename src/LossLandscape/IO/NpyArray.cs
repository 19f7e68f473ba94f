using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace LossLandscape.IO;

/// <summary>
/// One .npy array, memory-mapped and read element range by element range, converted to float64 on the way: a .npy
/// file, or one array of an .npz archive (its entry copied once into a temporary file that is deleted when the array
/// is disposed, so compressed and stored archives are read alike). Only the ranges asked for are touched, so a reader
/// holds about one batch of the array in memory whatever the array's size. One thread reads an array at a time.
/// </summary>
public sealed class NpyArray : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly string _option;

    // The bytes of one read, converted from; an array is read by one thread at a time.
    private readonly byte[] _chunk = new byte[1 << 16];

    private NpyArray(MemoryMappedFile file, MemoryMappedViewAccessor view, NpyHeader header, string source, string option)
    {
        _file = file;
        _view = view;
        Header = header;
        Source = source;
        _option = option;
    }

    /// <summary>The array's header: kind, element size, shape.</summary>
    public NpyHeader Header { get; }

    /// <summary>The file (and array name, for an .npz) for messages.</summary>
    public string Source { get; }

    /// <summary>Opens the .npy file <paramref name="path"/>; errors name <paramref name="option"/>.</summary>
    public static NpyArray Open(string path, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOptionException(option, $"cannot read {path}: {e.Message}");
        }

        return Map(stream, Path.GetFileName(path), option);
    }

    /// <summary>
    /// Opens the array <paramref name="name"/> of the .npz archive <paramref name="path"/>; errors name
    /// <paramref name="option"/> (the file) or <paramref name="nameOption"/> (an array that is not there).
    /// </summary>
    public static NpyArray OpenEntry(string path, string name, string option, string nameOption)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(name);
        var file = Path.GetFileName(path);
        FileStream? copy = null;
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var entry = archive.GetEntry(name + ".npy") ?? archive.GetEntry(name);
            if (entry is null)
            {
                var names = archive.Entries.Select(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName);
                throw new InvalidOptionException(nameOption, $"{file} has no array '{name}'; its arrays are {string.Join(", ", names.Select(n => $"'{n}'"))}");
            }

            copy = new FileStream(
                Path.Combine(Path.GetTempPath(), $"losslandscape-{Environment.ProcessId}-{Guid.NewGuid():N}.npy"),
                FileMode.CreateNew,
                FileAccess.ReadWrite,
                FileShare.None,
                1 << 16,
                FileOptions.DeleteOnClose);
            // An archive's entry is bounded as a data file is: a small archive may claim or inflate to any size.
            var source = $"{file}['{name}']";
            if (entry.Length > Limits.MaxDataFileBytes)
            {
                throw InputFile.TooLarge(source, option, Limits.MaxDataFileBytes);
            }

            using (var entryStream = entry.Open())
            {
                InputFile.CopyAtMost(entryStream, copy, Limits.MaxDataFileBytes, source, option);
            }

            copy.Position = 0;
            var opened = Map(copy, $"{file}['{name}']", option);
            copy = null;
            return opened;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOptionException(option, $"{file} is not a readable .npz archive (truncated or not a zip file): {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOptionException(option, $"cannot read {path}: {e.Message}");
        }
        finally
        {
            copy?.Dispose();
        }
    }

    /// <summary>
    /// Writes elements <paramref name="first"/> … <paramref name="first"/> + destination length − 1 (in C order) as
    /// float64, each multiplied by <paramref name="scale"/> (1 leaves them exact). Numeric and bool arrays only.
    /// </summary>
    public void Read(long first, Span<double> destination, double scale = 1.0)
    {
        if (Header.Kind is NpyKind.Unicode or NpyKind.Bytes)
        {
            throw new InvalidOptionException(_option, $"{Source} holds strings ({Header.TypeName}); numbers are needed");
        }

        if (first < 0 || first + destination.Length > Header.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"elements {first}..{first + destination.Length} lie outside the array's {Header.Count}");
        }

        var size = Header.ItemSize;
        var perChunk = _chunk.Length / size;
        for (var done = 0; done < destination.Length; done += perChunk)
        {
            var count = Math.Min(perChunk, destination.Length - done);
            _view.ReadArray(Header.DataOffset + ((first + done) * size), _chunk, 0, count * size);
            Convert(_chunk.AsSpan(0, count * size), destination.Slice(done, count), scale);
        }
    }

    /// <summary>Element <paramref name="index"/> of a string array, without its trailing NUL padding.</summary>
    public string ReadString(long index)
    {
        if (Header.Kind is not (NpyKind.Unicode or NpyKind.Bytes))
        {
            throw new InvalidOperationException("not a string array");
        }

        var bytes = new byte[Header.ItemSize];
        _view.ReadArray(Header.DataOffset + (index * Header.ItemSize), bytes, 0, bytes.Length);
        var text = Header.Kind == NpyKind.Unicode
            ? (Header.LittleEndian ? new UTF32Encoding(false, false) : new UTF32Encoding(true, false)).GetString(bytes)
            : Encoding.Latin1.GetString(bytes);
        return text.TrimEnd('\0');
    }

    /// <summary>Releases the mapping (and deletes an .npz array's temporary copy).</summary>
    public void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
    }

    private static NpyArray Map(FileStream stream, string source, string option)
    {
        try
        {
            var length = stream.Length;
            var prefix = new byte[(int)Math.Min(length, NpyHeader.MaxPrefixBytes)];
            stream.ReadExactly(prefix);
            var header = NpyHeader.Parse(prefix, length, source, option);
            var file = MemoryMappedFile.CreateFromFile(stream, null, length, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            try
            {
                return new NpyArray(file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), header, source, option);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void Convert(ReadOnlySpan<byte> bytes, Span<double> destination, double scale)
    {
        var little = Header.LittleEndian;
        var size = Header.ItemSize;
        for (var i = 0; i < destination.Length; i++)
        {
            var b = bytes.Slice(i * size, size);
            double value = (Header.Kind, size) switch
            {
                (NpyKind.Float, 4) => little ? BinaryPrimitives.ReadSingleLittleEndian(b) : BinaryPrimitives.ReadSingleBigEndian(b),
                (NpyKind.Float, _) => little ? BinaryPrimitives.ReadDoubleLittleEndian(b) : BinaryPrimitives.ReadDoubleBigEndian(b),
                (NpyKind.Unsigned or NpyKind.Bool, 1) => b[0],
                (NpyKind.Signed, 1) => (sbyte)b[0],
                (NpyKind.Signed, 2) => little ? BinaryPrimitives.ReadInt16LittleEndian(b) : BinaryPrimitives.ReadInt16BigEndian(b),
                (NpyKind.Unsigned, 2) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b),
                (NpyKind.Signed, 4) => little ? BinaryPrimitives.ReadInt32LittleEndian(b) : BinaryPrimitives.ReadInt32BigEndian(b),
                (NpyKind.Unsigned, 4) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b),
                (NpyKind.Signed, _) => little ? BinaryPrimitives.ReadInt64LittleEndian(b) : BinaryPrimitives.ReadInt64BigEndian(b),
                _ => little ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b),
            };
            destination[i] = scale == 1.0 ? value : value * scale;
        }
    }
}
