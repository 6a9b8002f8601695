using System.Buffers;

namespace Purser.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that writes into a chain of pooled 64 KB segments (below the large-object
/// threshold) and hands the whole out as one array of exactly its length. Growing never copies, and a large body
/// costs its own size once more at the end instead of a pooled power of two per doubling.
/// </summary>
internal sealed class SegmentedBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int SegmentBytes = 64 * 1024;
    private List<(byte[] Array, int Written)>? _full;
    private byte[] _current = ArrayPool<byte>.Shared.Rent(SegmentBytes);
    private int _written;
    private long _fullBytes;

    /// <summary>Bytes written so far.</summary>
    public long WrittenCount => _fullBytes + _written;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _current.Length - _written)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _current.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _current.AsSpan(_written);
    }

    /// <summary>Everything written, in one array of exactly its length.</summary>
    public byte[] ToArray()
    {
        byte[] result = GC.AllocateUninitializedArray<byte>(checked((int)WrittenCount));
        int at = 0;
        foreach (var (array, written) in _full ?? [])
        {
            array.AsSpan(0, written).CopyTo(result.AsSpan(at));
            at += written;
        }

        _current.AsSpan(0, _written).CopyTo(result.AsSpan(at));
        return result;
    }

    public void Dispose()
    {
        foreach (var (array, _) in _full ?? [])
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _full = null;
        if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = [];
        }
    }

    private void Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_current.Length == 0, this);
        int needed = Math.Max(1, sizeHint);
        if (_current.Length - _written >= needed)
        {
            return;
        }

        // The writer asks for room for its next token; a large one (a raw value) gets a segment of its own size.
        (_full ??= []).Add((_current, _written));
        _fullBytes += _written;
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(SegmentBytes, needed));
        _written = 0;
    }
}
