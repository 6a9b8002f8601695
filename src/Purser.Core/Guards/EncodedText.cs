using System.Text;
using System.Text.Unicode;

namespace Purser.Guards;

/// <summary>
/// Text found inside an encoding (hex, base64): recognised as text, scanned, and each secret in it mapped back onto
/// the encoded characters, so a redaction removes exactly the part of the encoding that holds the secret.
/// </summary>
internal static class EncodedText
{
    /// <summary>The bytes as a string when they are text: valid UTF-8 without control characters other than tab, CR and LF.</summary>
    public static string? AsText(ReadOnlySpan<byte> bytes)
    {
        return IsTextBytes(bytes) && Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>No control characters other than tab, CR and LF (UTF-8 is not checked).</summary>
    public static bool IsTextBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (!IsTextByte(b))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsTextByte(int b) => b is (>= 0x20 and not 0x7F) or 0x09 or 0x0A or 0x0D;

    /// <summary>
    /// Scans decoded text (one level deep: what it holds is not decoded again) and adds each secret over the encoded
    /// characters that <paramref name="map"/> gives for its bytes [start, end). Returns how many were added.
    /// </summary>
    public static int AddSecretsIn(string decoded, SecretScanner scanner, List<SecretHit> hits, Func<int, int, (int Start, int End)> map)
    {
        List<SecretHit> inner = scanner.ScanHits(decoded, context: null, depth: 1);
        bool ascii = Ascii.IsValid(decoded);
        foreach (SecretHit h in inner)
        {
            int byteStart = ascii ? h.Start : Encoding.UTF8.GetByteCount(decoded.AsSpan(0, h.Start));
            int byteEnd = ascii ? h.End : byteStart + Encoding.UTF8.GetByteCount(decoded.AsSpan(h.Start, h.Length));
            (int start, int end) = map(byteStart, byteEnd);
            hits.Add(new SecretHit(h.Kind, start, end - start, h.Priority, Decoded: true));
        }

        return inner.Count;
    }
}
