using System.Buffers;

namespace Purser.Guards;

/// <summary>
/// Judges a random-looking token by what it decodes to when it is base64 or base64url: a file (PNG, JPEG, PDF, ZIP…)
/// or a DER public key is data; text is scanned for the secrets it holds (base64 of JSON, of a .env file); text that
/// is one credential-like word (<c>user:password</c>, a random password) is a secret; anything else (random bytes:
/// a key) is a secret.
/// </summary>
internal static class Base64Content
{
    /// <summary>The longest token (a run longer than a credential) decoded and scanned for the text it holds.</summary>
    public const int MaxBlobChars = 8192;

    // File signatures (magic numbers) of formats that turn up base64-encoded in code, tests and configuration.
    private static readonly byte[][] FileSignatures =
    [
        [0x89, (byte)'P', (byte)'N', (byte)'G'], // PNG
        [0xFF, 0xD8, 0xFF], // JPEG
        "GIF8"u8.ToArray(), "%PDF"u8.ToArray(), "RIFF"u8.ToArray(), "OggS"u8.ToArray(), "ID3"u8.ToArray(), "wOFF"u8.ToArray(),
        "wOF2"u8.ToArray(), "OTTO"u8.ToArray(), "BZh"u8.ToArray(), "fLaC"u8.ToArray(), "8BPS"u8.ToArray(), "SQLite format 3"u8.ToArray(),
        [(byte)'P', (byte)'K', 0x03, 0x04], // ZIP, JAR, DOCX
        [(byte)'P', (byte)'K', 0x05, 0x06], // empty ZIP
        [0x1F, 0x8B, 0x08], // gzip
        [0x28, 0xB5, 0x2F, 0xFD], // zstd
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], // xz
        [(byte)'7', (byte)'z', 0xBC, 0xAF], // 7-Zip
        [0x00, 0x00, 0x01, 0x00], // ICO
        [0x00, 0x01, 0x00, 0x00], // TrueType
        [0x00, (byte)'a', (byte)'s', (byte)'m'], // WebAssembly
        [0x7F, (byte)'E', (byte)'L', (byte)'F'], // ELF
        [(byte)'I', (byte)'I', 0x2A, 0x00], // TIFF
        [(byte)'M', (byte)'M', 0x00, 0x2A], // TIFF
        [0xCA, 0xFE, 0xBA, 0xBE], // Java class
        [0x1A, 0x45, 0xDF, 0xA3], // WebM / Matroska
    ];

    /// <summary>
    /// What <paramref name="token"/> (at <paramref name="tokenStart"/> of the scanned text) holds. Secrets found in
    /// decoded text are added to <paramref name="hits"/> over the base64 characters that encode them.
    /// </summary>
    public static Base64Verdict Inspect(ReadOnlySpan<char> token, int tokenStart, SecretScanner scanner, int depth, List<SecretHit> hits)
    {
        int max = (token.Length / 4 * 3) + 3;
        byte[]? rented = null;
        Span<byte> bytes = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            if (!TryDecode(token, bytes, out int written))
            {
                return Base64Verdict.Random;
            }

            ReadOnlySpan<byte> decoded = bytes[..written];
            if (IsFile(decoded) || IsPublicKey(decoded))
            {
                return Base64Verdict.Data;
            }

            if (EncodedText.AsText(decoded) is not { } text)
            {
                return Base64Verdict.Random;
            }

            if (depth > 0)
            {
                // Already inside decoded text: not decoded again; prose is prose.
                return text.Contains(' ', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal) ? Base64Verdict.Data : Base64Verdict.Random;
            }

            int length = token.Length;
            int added = EncodedText.AddSecretsIn(text, scanner, hits, (byteStart, byteEnd) =>
                (tokenStart + (byteStart / 3 * 4), tokenStart + Math.Min(length, ((byteEnd - 1) / 3 * 4) + 4)));
            if (added > 0)
            {
                return Base64Verdict.HoldsSecrets;
            }

            return IsCredentialText(text) ? Base64Verdict.Random : Base64Verdict.Data;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Text that is itself one credential: <c>user:password</c> (an HTTP Basic credential) or one word mixing letters
    /// and digits that does not read as words. Prose, JSON, URLs and paths are not.
    /// </summary>
    private static bool IsCredentialText(string text)
    {
        ReadOnlySpan<char> t = text;
        if (t.Length == 0 || t[0] is '{' or '[' or '<' or '/' or '.' || t.Contains("://", StringComparison.Ordinal) || t.Contains('\n'))
        {
            return false;
        }

        int colon = t.IndexOf(':');
        if (colon > 0 && colon < t.Length - 1 && !t[..colon].ContainsAny(" \t"))
        {
            return true;
        }

        return !t.ContainsAny(" \t") && t.Length >= 8 && SecretValueRules.HasDigit(t) && SecretValueRules.HasLetter(t) && !HighEntropyDetector.IsWordLike(t);
    }

    // Standard or URL-safe alphabet (not both), padding optional.
    private static bool TryDecode(ReadOnlySpan<char> token, Span<byte> bytes, out int written)
    {
        written = 0;
        token = token.TrimEnd('=');
        bool url = token.ContainsAny('-', '_');
        if ((url && token.ContainsAny('+', '/')) || token.Length % 4 == 1 || token.Length > MaxBlobChars)
        {
            return false;
        }

        int padded = (token.Length + 3) / 4 * 4;
        char[]? rented = null;
        Span<char> chars = padded <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(padded));
        try
        {
            token.CopyTo(chars);
            if (url)
            {
                chars[..token.Length].Replace('-', '+');
                chars[..token.Length].Replace('_', '/');
            }

            chars[token.Length..padded].Fill('=');
            return Convert.TryFromBase64Chars(chars[..padded], bytes, out written) && written > 0;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool IsFile(ReadOnlySpan<byte> bytes)
    {
        foreach (byte[] signature in FileSignatures)
        {
            if (bytes.StartsWith(signature))
            {
                return true;
            }
        }

        // ISO base media (MP4, MOV, HEIC, AVIF): a box size, then "ftyp".
        return bytes.Length >= 8 && bytes.Slice(4, 4).SequenceEqual("ftyp"u8);
    }

    // A DER SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OBJECT IDENTIFIER algorithm, ... }, BIT STRING key }. Public
    // by definition; private keys (PKCS#8, PKCS#1, SEC 1) start with an INTEGER version instead.
    private static bool IsPublicKey(ReadOnlySpan<byte> der)
    {
        if (!TryReadHeader(der, 0x30, out int contentStart, out int contentLength))
        {
            return false;
        }

        ReadOnlySpan<byte> content = der.Slice(contentStart, contentLength);
        if (!TryReadHeader(content, 0x30, out int algorithmStart, out int algorithmLength)
            || !TryReadHeader(content.Slice(algorithmStart, algorithmLength), 0x06, out _, out _))
        {
            return false;
        }

        ReadOnlySpan<byte> key = content[(algorithmStart + algorithmLength)..];
        return TryReadHeader(key, 0x03, out _, out _);
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> der, byte tag, out int start, out int length)
    {
        start = 0;
        length = 0;
        if (der.Length < 2 || der[0] != tag)
        {
            return false;
        }

        int first = der[1];
        if (first < 0x80)
        {
            (start, length) = (2, first);
        }
        else
        {
            int n = first & 0x7F;
            if (n is 0 or > 3 || der.Length < 2 + n)
            {
                return false;
            }

            for (int i = 0; i < n; i++)
            {
                length = (length << 8) | der[2 + i];
            }

            start = 2 + n;
        }

        return start + length <= der.Length;
    }
}
