using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Purser.Tokens;

/// <summary>
/// The merge ranks of one byte-level BPE encoding: token bytes by rank, and rank by token bytes.
/// Immutable once loaded, so one instance is shared by every thread.
/// </summary>
/// <remarks>
/// Rank data ships as an embedded Brotli resource (see tools/tokens/make-ranks.mjs for the format).
/// All token bytes live in one array, and the reverse map is an open-addressing table of
/// (hash, rank) pairs in a <see cref="long"/> array, so loading allocates a handful of arrays rather
/// than one object per token, and a lookup hashes a span without allocating.
/// </remarks>
internal sealed class BpeRankTable
{
    private const uint Magic = 0x45504250; // "PBPE" little-endian
    private const int HeaderSize = 13;

    private readonly byte[] _data;
    private readonly int[] _offsets;
    private readonly long[] _slots;
    private readonly int _mask;
    private readonly int[] _pairRanks;
    private readonly int[] _byteRanks;

    private BpeRankTable(byte[] data, int[] offsets, long[] slots, int[] pairRanks, int[] byteRanks)
    {
        _data = data;
        _offsets = offsets;
        _slots = slots;
        _mask = slots.Length - 1;
        _pairRanks = pairRanks;
        _byteRanks = byteRanks;
    }

    /// <summary>Number of ranks (one past the highest rank).</summary>
    public int Count => _offsets.Length - 1;

    /// <summary>Loads a table from the Purser.Core resource named <c>Purser.Tokens.{encodingName}.bpe.br</c>.</summary>
    public static BpeRankTable LoadEmbedded(string encodingName)
    {
        string resource = $"Purser.Tokens.{encodingName}.bpe.br";
        using Stream stream = typeof(BpeRankTable).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The rank data resource '{resource}' is missing from Purser.Core.");
        return Load(stream);
    }

    /// <summary>Reads a Brotli-compressed rank file.</summary>
    public static BpeRankTable Load(Stream compressed)
    {
        using var brotli = new BrotliStream(compressed, CompressionMode.Decompress);
        Span<byte> header = stackalloc byte[HeaderSize];
        brotli.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || header[4] != 1)
        {
            throw new InvalidDataException("Not a Purser BPE rank file (bad magic or version).");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(header[5..]);
        int totalBytes = BinaryPrimitives.ReadInt32LittleEndian(header[9..]);
        if (count <= 256 || totalBytes < count - 1 || totalBytes > 64 << 20)
        {
            throw new InvalidDataException("Corrupt BPE rank file header.");
        }

        // Lengths first, then the token bytes; the token bytes stay in this array for good.
        byte[] data = new byte[count + totalBytes];
        brotli.ReadExactly(data);
        if (brotli.Read(header[..1]) != 0)
        {
            throw new InvalidDataException("Trailing data in BPE rank file.");
        }

        var offsets = new int[count + 1];
        int offset = count;
        for (int rank = 0; rank < count; rank++)
        {
            offsets[rank] = offset;
            offset += data[rank];
        }

        offsets[count] = offset;
        if (offset != data.Length)
        {
            throw new InvalidDataException("BPE rank file lengths do not add up.");
        }

        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)count * 2);
        var slots = new long[capacity];
        int mask = capacity - 1;
        var pairRanks = new int[65536];
        Array.Fill(pairRanks, -1);
        var byteRanks = new int[256];
        Array.Fill(byteRanks, -1);
        for (int rank = 0; rank < count; rank++)
        {
            ReadOnlySpan<byte> token = data.AsSpan(offsets[rank], data[rank]);
            if (token.IsEmpty)
            {
                continue; // a rank with no token
            }

            if (token.Length == 1)
            {
                byteRanks[token[0]] = rank;
            }
            else if (token.Length == 2)
            {
                pairRanks[(token[0] << 8) | token[1]] = rank;
            }

            uint hash = Hash(token);
            int i = (int)(hash & (uint)mask);
            while (slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            slots[i] = ((long)hash << 32) | (uint)(rank + 1);
        }

        foreach (int rank in byteRanks)
        {
            if (rank < 0)
            {
                throw new InvalidDataException("BPE rank file does not cover all 256 single bytes.");
            }
        }

        return new BpeRankTable(data, offsets, slots, pairRanks, byteRanks);
    }

    /// <summary>The bytes of the token with the given rank (empty when no token has that rank).</summary>
    public ReadOnlySpan<byte> GetBytes(int rank) => _data.AsSpan(_offsets[rank], _offsets[rank + 1] - _offsets[rank]);

    /// <summary>True when <paramref name="rank"/> names a token of this table.</summary>
    public bool Contains(int rank) => (uint)rank < (uint)Count && _offsets[rank + 1] > _offsets[rank];

    /// <summary>The rank of a single byte (every byte has one in a byte-level encoding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ByteRank(byte b) => _byteRanks[b];

    /// <summary>The rank of the token made of exactly <paramref name="bytes"/>, or -1.</summary>
    public int Lookup(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= 2)
        {
            return bytes.Length == 2 ? _pairRanks[(bytes[0] << 8) | bytes[1]] : bytes.Length == 1 ? _byteRanks[bytes[0]] : -1;
        }

        uint hash = Hash(bytes);
        long[] slots = _slots;
        int i = (int)(hash & (uint)_mask);
        while (true)
        {
            long entry = slots[i];
            if (entry == 0)
            {
                return -1;
            }

            if ((uint)(entry >> 32) == hash)
            {
                int rank = (int)(uint)entry - 1;
                int start = _offsets[rank];
                if (_offsets[rank + 1] - start == bytes.Length && bytes.SequenceEqual(_data.AsSpan(start, bytes.Length)))
                {
                    return rank;
                }
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>A fast 32-bit hash of a short byte string (multiply-xorshift over 8-byte words).</summary>
    internal static uint Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong K1 = 0x9E3779B97F4A7C15UL;
        const ulong K2 = 0xBF58476D1CE4E5B9UL;
        ulong h = K1 ^ (ulong)bytes.Length;
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])) * K2;
            h ^= h >> 29;
        }

        ulong tail = 0;
        for (int shift = 0; i < bytes.Length; i++, shift += 8)
        {
            tail |= (ulong)bytes[i] << shift;
        }

        h = (h ^ tail) * K2;
        h ^= h >> 32;
        h *= K1;
        return (uint)(h >> 32);
    }
}
