using System.Buffers;

namespace Purser.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>: it grows by
/// doubling, returns each outgrown array at once and the last one on <see cref="Dispose"/>. For bodies that are
/// written whole and then copied or sent, so a large one leaves no trail of garbage arrays behind it.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;
    private bool _disposed;
    private bool _pooled = true;

    public PooledBufferWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, initialCapacity));
    }

    /// <summary>Bytes written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>The length of the array in use.</summary>
    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>
    /// Makes the array at least <paramref name="capacity"/> bytes long (one rent and copy when it is not). With
    /// <paramref name="exact"/>, a new array is allocated at exactly that length instead of rented (the pool rounds up
    /// to a power of two: 16 MB for a 9 MB body) and is left to the collector afterwards.
    /// </summary>
    public void EnsureCapacity(int capacity, bool exact = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (capacity <= _buffer.Length)
        {
            return;
        }

        byte[] larger = exact ? GC.AllocateUninitializedArray<byte>(capacity) : ArrayPool<byte>.Shared.Rent(capacity);
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ReturnBuffer();
        _buffer = larger;
        _pooled = !exact;
    }

    /// <summary>The written bytes in an array of their exact length.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReturnBuffer();
        _buffer = [];
        _written = 0;
    }

    private void ReturnBuffer()
    {
        if (_pooled && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    private void Reserve(int sizeHint)
    {
        int needed = checked(_written + Math.Max(1, sizeHint));
        if (needed > _buffer.Length)
        {
            EnsureCapacity((int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _buffer.Length)));
        }
    }
}
