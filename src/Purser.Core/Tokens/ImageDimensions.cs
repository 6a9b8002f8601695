using System.Buffers;
using System.Buffers.Binary;
using Purser.Chat;

namespace Purser.Tokens;

/// <summary>Reads the pixel size of an inline PNG, JPEG, GIF or WebP image from its header.</summary>
internal static class ImageDimensions
{
    /// <summary>Base64 characters decoded at most (48 KB of image); JPEG headers with a large EXIF block may lie beyond.</summary>
    private const int MaxBase64Chars = 65536;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool TryRead(ImagePart image, out int width, out int height)
    {
        width = height = 0;
        string? data = image.Data;
        if (string.IsNullOrEmpty(data))
        {
            return false;
        }

        int chars = Math.Min(data.Length, MaxBase64Chars) & ~3;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((chars / 4 * 3) + 3);
        try
        {
            return Convert.TryFromBase64Chars(data.AsSpan(0, chars), buffer, out int written)
                && TryRead(buffer.AsSpan(0, written), out width, out height);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static bool TryRead(ReadOnlySpan<byte> b, out int width, out int height)
    {
        width = height = 0;
        if (b.Length >= 24 && b[..8].SequenceEqual(PngSignature) && b.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            width = BinaryPrimitives.ReadInt32BigEndian(b[16..]);
            height = BinaryPrimitives.ReadInt32BigEndian(b[20..]);
        }
        else if (b.Length >= 10 && (b[..6].SequenceEqual("GIF87a"u8) || b[..6].SequenceEqual("GIF89a"u8)))
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(b[8..]);
        }
        else if (b.Length >= 30 && b[..4].SequenceEqual("RIFF"u8) && b.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            ReadOnlySpan<byte> chunk = b.Slice(12, 4);
            if (chunk.SequenceEqual("VP8 "u8))
            {
                width = BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF;
                height = BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF;
            }
            else if (chunk.SequenceEqual("VP8L"u8))
            {
                uint bits = BinaryPrimitives.ReadUInt32LittleEndian(b[21..]);
                width = (int)(bits & 0x3FFF) + 1;
                height = (int)((bits >> 14) & 0x3FFF) + 1;
            }
            else if (chunk.SequenceEqual("VP8X"u8))
            {
                width = (b[24] | (b[25] << 8) | (b[26] << 16)) + 1;
                height = (b[27] | (b[28] << 8) | (b[29] << 16)) + 1;
            }
        }
        else if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8)
        {
            TryReadJpeg(b, out width, out height);
        }

        return width > 0 && height > 0;
    }

    private static void TryReadJpeg(ReadOnlySpan<byte> b, out int width, out int height)
    {
        width = height = 0;
        int i = 2;
        while (i + 4 <= b.Length)
        {
            if (b[i] != 0xFF)
            {
                return;
            }

            byte marker = b[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);

            // Start of frame: SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 9 <= b.Length)
                {
                    height = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]);
                    width = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]);
                }

                return;
            }

            if (marker == 0xDA || length < 2)
            {
                return; // start of scan before any frame header, or corrupt
            }

            i += 2 + length;
        }
    }
}
