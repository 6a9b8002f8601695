using System.Buffers;

namespace Purser.Guards;

/// <summary>
/// Finds secrets hidden in hex: runs of at least 16 hex-encoded bytes (<c>6768705f…</c>, <c>\x67\x68…</c>,
/// <c>0x67, 0x68…</c>, <c>67 68 70…</c>, <c>%67%68…</c>) that decode to text are decoded and scanned, and each secret
/// found is reported, with its own kind, over the hex characters that encode it. Digests, SHAs and other binary data
/// do not decode to text and cost one look at their first bytes.
/// </summary>
internal static class HexEncodedSecrets
{
    private const int MinBytes = 16;
    private const int MaxBytes = 64 * 1024;

    private static readonly SearchValues<char> Separators = SearchValues.Create(" ,:-");

    public static void Find(string text, SecretScanner scanner, List<SecretHit> hits)
    {
        ReadOnlySpan<char> span = text;
        int i = 0;
        while (i < span.Length)
        {
            // Every byte of printable ASCII is 0x20-0x7E, so text in hex is full of pairs whose first digit is 2 to 7.
            int rel = span[i..].IndexOfAnyInRange('2', '7');
            if (rel < 0)
            {
                return;
            }

            int at = i + rel;
            if (!TryParse(span, at, out Run run))
            {
                i = at + 1;
                continue;
            }

            if (run.Count >= MinBytes && run.Count <= MaxBytes && run.Printable)
            {
                Decode(text, run, scanner, hits);
            }

            i = Math.Max(at + 1, run.End);
        }
    }

    private static void Decode(string text, Run run, SecretScanner scanner, List<SecretHit> hits)
    {
        byte[] bytes = ArrayPool<byte>.Shared.Rent(run.Count);
        try
        {
            for (int k = 0; k < run.Count; k++)
            {
                int digits = run.Start + k * run.Stride + run.PrefixLength;
                bytes[k] = (byte)((HexValue(text[digits]) << 4) | HexValue(text[digits + 1]));
            }

            if (EncodedText.AsText(bytes.AsSpan(0, run.Count)) is { } decoded)
            {
                EncodedText.AddSecretsIn(decoded, scanner, hits, (byteStart, byteEnd) =>
                    (run.Start + byteStart * run.Stride, run.Start + (byteEnd - 1) * run.Stride + run.PrefixLength + 2));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // A run of hex byte tokens in one format starting at the digit pair at `at`: an optional prefix (\x, 0x, %) before
    // each pair and one separator between tokens (none, space, comma, colon, dash, or comma and space).
    private static bool TryParse(ReadOnlySpan<char> text, int at, out Run run)
    {
        run = default;
        if (at + 1 >= text.Length || !char.IsAsciiHexDigit(text[at + 1]))
        {
            return false;
        }

        int prefixLength = PrefixBefore(text, at);
        if (prefixLength == 0 && at > 0 && (char.IsAsciiLetterOrDigit(text[at - 1]) || text[at - 1] == '_'))
        {
            return false; // inside a word or a number
        }

        ReadOnlySpan<char> prefix = text.Slice(at - prefixLength, prefixLength);
        int start = at - prefixLength;

        // The separator is what lies between the first pair and the second token's prefix.
        int afterFirst = at + 2;
        int separatorLength = 0;
        while (separatorLength < 2 && afterFirst + separatorLength < text.Length && Separators.Contains(text[afterFirst + separatorLength]))
        {
            separatorLength++;
        }

        ReadOnlySpan<char> separator = text.Slice(afterFirst, separatorLength);
        int stride = prefixLength + 2 + separatorLength;
        int count = 0;
        bool printable = true;
        int pos = at; // the digits of the current token
        while (true)
        {
            int value = (HexValue(text[pos]) << 4) | HexValue(text[pos + 1]);
            printable &= EncodedText.IsTextByte(value);
            count++;
            int next = pos + 2 + separatorLength + prefixLength; // the digits of the next token
            if (next + 1 >= text.Length || !text.Slice(pos + 2, separatorLength).SequenceEqual(separator)
                || !text.Slice(next - prefixLength, prefixLength).Equals(prefix, StringComparison.OrdinalIgnoreCase)
                || !char.IsAsciiHexDigit(text[next]) || !char.IsAsciiHexDigit(text[next + 1]))
            {
                break;
            }

            pos = next;
        }

        int end = pos + 2;
        // Hex followed by more letters or digits is a word or an odd-length number, not encoded bytes.
        if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            run = new Run(start, count, stride, prefixLength, end, Printable: false);
            return true;
        }

        run = new Run(start, count, stride, prefixLength, end, printable);
        return true;
    }

    private static int PrefixBefore(ReadOnlySpan<char> text, int at)
    {
        if (at >= 2 && text[at - 1] is 'x' or 'X' && text[at - 2] is '\\' or '0')
        {
            return 2;
        }

        return at >= 1 && text[at - 1] == '%' ? 1 : 0;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private readonly record struct Run(int Start, int Count, int Stride, int PrefixLength, int End, bool Printable);
}
