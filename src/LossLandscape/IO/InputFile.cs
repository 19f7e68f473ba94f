namespace LossLandscape.IO;

/// <summary>
/// Opens input files with a size limit: a regular file larger than the limit is refused before it is read, and a
/// device, pipe or growing file is refused as soon as more than the limit has been read (<c>/dev/zero</c> ends there,
/// not in an out-of-memory error). Every refusal is one <see cref="InvalidOptionException"/> naming the option and the limit.
/// </summary>
public static class InputFile
{
    /// <summary>The file's bytes, at most <paramref name="maxBytes"/> of them.</summary>
    public static byte[] ReadAllBytes(string path, string option, long maxBytes)
    {
        using var stream = OpenRead(path, option, maxBytes);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A stream over the file that refuses (with <see cref="InvalidOptionException"/>) to go past <paramref name="maxBytes"/>.</summary>
    public static Stream OpenRead(string path, string option, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(option);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (Directory.Exists(path))
        {
            throw new InvalidOptionException(option, $"{path} is a folder; a file is needed");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidOptionException(option, $"cannot read {path}: {e.Message}");
        }

        try
        {
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw TooLarge(path, option, maxBytes);
            }

            return new Limited(stream, path, option, maxBytes);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/>, refusing (naming <paramref name="path"/>
    /// and <paramref name="option"/>) once more than <paramref name="maxBytes"/> have come: for streams whose length is
    /// not known in advance, such as an archive's entry.
    /// </summary>
    public static void CopyAtMost(Stream source, Stream destination, long maxBytes, string path, string option)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = new byte[1 << 16];
        long copied = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            copied += read;
            if (copied > maxBytes)
            {
                throw TooLarge(path, option, maxBytes);
            }

            destination.Write(buffer, 0, read);
        }
    }

    /// <summary>The refusal of a file over its limit.</summary>
    public static InvalidOptionException TooLarge(string path, string option, long maxBytes) =>
        new(option, $"{path} is larger than the limit of {Limits.Bytes(maxBytes)} for this kind of file");

    /// <summary>A read-only stream that throws once more than its limit has been read.</summary>
    private sealed class Limited(Stream inner, string path, string option, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            // Reads one byte past the limit at most, to tell a file of exactly the limit from a longer one.
            var room = (int)Math.Min(buffer.Length, maxBytes - _read + 1);
            var n = inner.Read(buffer[..room]);
            return Count(n);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var room = (int)Math.Min(buffer.Length, maxBytes - _read + 1);
            var n = await inner.ReadAsync(buffer[..room], cancellationToken).ConfigureAwait(false);
            return Count(n);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int n)
        {
            _read += n;
            return _read > maxBytes ? throw TooLarge(path, option, maxBytes) : n;
        }
    }
}
