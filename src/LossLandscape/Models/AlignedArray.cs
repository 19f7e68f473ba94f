using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LossLandscape.Models;

/// <summary>
/// A zeroed array of <typeparamref name="T"/> whose first element sits on a 64-byte boundary (a cache line, and a
/// 512-bit vector): a vector load that straddles two cache lines costs two, and a plain array is aligned only to 8
/// bytes, so the same kernel ran at 38 % or 60 % of the peak depending on where its arrays happened to land. The
/// storage is allocated on the pinned heap, so the boundary holds for the array's life.
/// </summary>
internal sealed class AlignedArray<T>
    where T : unmanaged
{
    private const int Alignment = 64;
    private readonly T[] _storage;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> zeroed elements.</summary>
    public AlignedArray(int length)
    {
        var size = Unsafe.SizeOf<T>();
        _storage = GC.AllocateArray<T>(length + (Alignment / size), pinned: true);
        nint address;
        unsafe
        {
            address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
        }

        _offset = (int)((Alignment - (address % Alignment)) % Alignment) / size;
        Length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The elements.</summary>
    public Span<T> Span => _storage.AsSpan(_offset, Length);

    /// <summary>The first element.</summary>
    public ref T Start => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_storage), _offset);

    /// <summary><paramref name="length"/> elements from <paramref name="start"/>.</summary>
    public Span<T> Slice(int start, int length) => Span.Slice(start, length);
}
