using System.Buffers.Binary;
using System.IO.Compression;

namespace LossLandscape.Testing;

/// <summary>A minimal PNG reader for tests: 8-bit RGB or RGBA, non-interlaced (what Chromium writes).</summary>
internal sealed class PngImage
{
    private PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Pixels as RGBA bytes, row by row.</summary>
    public byte[] Rgba { get; }

    /// <summary>Decodes a PNG file's bytes.</summary>
    public static PngImage Decode(byte[] bytes)
    {
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("not a PNG");
        }

        int width = 0, height = 0, colourType = 0;
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var data = bytes.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    if (data[8] != 8 || data[12] != 0)
                    {
                        throw new InvalidDataException("only 8-bit non-interlaced PNGs are read here");
                    }

                    colourType = data[9];
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            offset += 12 + length;
        }

        var channels = colourType switch
        {
            2 => 3,
            6 => 4,
            _ => throw new InvalidDataException($"colour type {colourType} is not read here"),
        };
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var packed = raw.ToArray();
        var stride = width * channels;
        var rows = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = packed[y * (stride + 1)];
            var source = packed.AsSpan((y * (stride + 1)) + 1, stride);
            var row = rows.AsSpan(y * stride, stride);
            var previous = y > 0 ? rows.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                int left = x >= channels ? row[x - channels] : 0, up = previous[x], corner = x >= channels ? previous[x - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, corner),
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                row[x] = (byte)(source[x] + predictor);
            }
        }

        var rgba = new byte[width * height * 4];
        for (var p = 0; p < width * height; p++)
        {
            rgba[(p * 4) + 0] = rows[(p * channels) + 0];
            rgba[(p * 4) + 1] = rows[(p * channels) + 1];
            rgba[(p * 4) + 2] = rows[(p * channels) + 2];
            rgba[(p * 4) + 3] = channels == 4 ? rows[(p * channels) + 3] : (byte)255;
        }

        return new PngImage(width, height, rgba);
    }

    /// <summary>Number of distinct RGB colours.</summary>
    public int DistinctColours()
    {
        var set = new HashSet<int>();
        for (var p = 0; p < Width * Height; p++)
        {
            set.Add((Rgba[p * 4] << 16) | (Rgba[(p * 4) + 1] << 8) | Rgba[(p * 4) + 2]);
        }

        return set.Count;
    }

    /// <summary>Fraction of pixels that differ from the colour (r, g, b) by more than 12 in some channel.</summary>
    public double FractionUnlike(byte r, byte g, byte b)
    {
        var count = 0;
        for (var p = 0; p < Width * Height; p++)
        {
            if (Math.Abs(Rgba[p * 4] - r) > 12 || Math.Abs(Rgba[(p * 4) + 1] - g) > 12 || Math.Abs(Rgba[(p * 4) + 2] - b) > 12)
            {
                count++;
            }
        }

        return (double)count / (Width * Height);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
