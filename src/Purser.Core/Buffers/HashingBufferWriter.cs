using System.Buffers;
using System.Security.Cryptography;

namespace Purser.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hashes what is written to it (SHA-256) instead of keeping it: the
/// bytes pass through one small pooled buffer, so hashing a large document costs no memory of its size.
/// </summary>
internal sealed class HashingBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer;

    public HashingBufferWriter(int bufferSize = 16 * 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>Bytes hashed so far.</summary>
    public long Length { get; private set; }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length);
        _hash.AppendData(_buffer, 0, count);
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer;
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer;
    }

    /// <summary>Writes the hash of everything written so far into <paramref name="destination"/> (32 bytes) and starts over.</summary>
    public void Complete(Span<byte> destination)
    {
        _hash.GetHashAndReset(destination);
        Length = 0;
    }

    public void Dispose()
    {
        _hash.Dispose();
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Reserve(int sizeHint)
    {
        // Everything handed out before is hashed at Advance, so a larger request simply replaces the buffer.
        if (sizeHint > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        }
    }
}
