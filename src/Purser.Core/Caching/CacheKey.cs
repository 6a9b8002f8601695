using System.Buffers.Binary;

namespace Purser.Caching;

/// <summary>A SHA-256 of the canonical request (see <see cref="CacheKeyBuilder"/>): 32 bytes, compared by value.</summary>
public readonly record struct CacheKey(UInt128 High, UInt128 Low)
{
    public const int Length = 32;

    public static CacheKey FromBytes(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != Length)
        {
            throw new ArgumentException("A cache key is 32 bytes.", nameof(hash));
        }

        return new(BinaryPrimitives.ReadUInt128BigEndian(hash), BinaryPrimitives.ReadUInt128BigEndian(hash[16..]));
    }

    public byte[] ToBytes()
    {
        byte[] bytes = new byte[Length];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(16), Low);
        return bytes;
    }

    /// <summary>Lower-case hex, 64 characters.</summary>
    public override string ToString() => Convert.ToHexStringLower(ToBytes());
}
