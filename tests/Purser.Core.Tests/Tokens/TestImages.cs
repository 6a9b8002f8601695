using System.Buffers.Binary;
using Purser.Chat;

namespace Purser.Core.Tests.Tokens;

/// <summary>Minimal image headers (enough bytes for a size sniffer, not decodable pictures).</summary>
internal static class TestImages
{
    public static ImagePart Png(int width, int height)
    {
        byte[] b = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(b, 0);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(20), height);
        return Inline("image/png", b);
    }

    public static ImagePart Gif(int width, int height)
    {
        byte[] b = new byte[13];
        "GIF89a"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)height);
        return Inline("image/gif", b);
    }

    /// <summary>SOI, an APP0 segment, then a baseline SOF0 frame header.</summary>
    public static ImagePart Jpeg(int width, int height)
    {
        var b = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 };
        b.AddRange("JFIF\0"u8.ToArray());
        b.AddRange(new byte[9]);
        b.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        b.AddRange(new byte[9]);
        return Inline("image/jpeg", [.. b]);
    }

    /// <summary>An extended (VP8X) WebP header.</summary>
    public static ImagePart WebP(int width, int height)
    {
        byte[] b = new byte[30];
        "RIFF"u8.CopyTo(b);
        "WEBPVP8X"u8.CopyTo(b.AsSpan(8));
        b[24] = (byte)(width - 1);
        b[25] = (byte)((width - 1) >> 8);
        b[26] = (byte)((width - 1) >> 16);
        b[27] = (byte)(height - 1);
        b[28] = (byte)((height - 1) >> 8);
        b[29] = (byte)((height - 1) >> 16);
        return Inline("image/webp", b);
    }

    public static ImagePart Inline(string mediaType, byte[] bytes) => new() { MediaType = mediaType, Data = Convert.ToBase64String(bytes) };
}
