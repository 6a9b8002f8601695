using System.IO.Compression;

namespace Purser.Tokens;

/// <summary>
/// Counts the pages of a PDF: the page objects (<c>/Type /Page</c>) in the file, and in its compressed object streams
/// (<c>/Type /ObjStm</c>, PDF 1.5), which are inflated up to a bound. Returns null when no page is found.
/// </summary>
internal static class PdfPages
{
    /// <summary>Bytes inflated at most over all object streams of one file (a hostile stream cannot exhaust memory).</summary>
    internal const int MaxInflatedBytes = 64 * 1024 * 1024;

    public static int? Count(ReadOnlySpan<byte> pdf)
    {
        if (!pdf.StartsWith("%PDF"u8))
        {
            return null;
        }

        int pages = CountPageObjects(pdf);
        int budget = MaxInflatedBytes;
        int at = 0;
        while (budget > 0 && IndexOf(pdf, "/ObjStm"u8, at) is int found and >= 0)
        {
            at = found + 7;
            if (Inflate(pdf, at, ref budget) is { } inflated)
            {
                pages += CountPageObjects(inflated);
            }
        }

        return pages > 0 ? pages : null;
    }

    /// <summary>Occurrences of <c>/Type /Page</c> (any whitespace) not followed by more name characters (<c>/Pages</c>).</summary>
    internal static int CountPageObjects(ReadOnlySpan<byte> data)
    {
        int count = 0;
        int at = 0;
        while (IndexOf(data, "/Type"u8, at) is int found and >= 0)
        {
            int i = found + 5;
            while (i < data.Length && IsWhitespace(data[i]))
            {
                i++;
            }

            if (data[i..].StartsWith("/Page"u8) && (i + 5 >= data.Length || !IsNameChar(data[i + 5])))
            {
                count++;
            }

            at = i;
        }

        return count;
    }

    /// <summary>The stream that follows the dictionary holding <paramref name="from"/>, inflated when FlateDecode; null otherwise.</summary>
    private static byte[]? Inflate(ReadOnlySpan<byte> pdf, int from, ref int budget)
    {
        int dictionaryEnd = IndexOf(pdf, ">>"u8, from);
        int stream = IndexOf(pdf, "stream"u8, from);
        if (stream < 0 || dictionaryEnd < 0 || IndexOf(pdf[from..stream], "/FlateDecode"u8, 0) < 0)
        {
            return null;
        }

        int start = stream + 6;
        if (start < pdf.Length && pdf[start] == '\r')
        {
            start++;
        }

        if (start < pdf.Length && pdf[start] == '\n')
        {
            start++;
        }

        int end = IndexOf(pdf, "endstream"u8, start);
        if (end < 0)
        {
            return null;
        }

        try
        {
            using var input = new MemoryStream(pdf[start..end].ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            byte[] buffer = new byte[16384];
            int read;
            while (budget > 0 && (read = zlib.Read(buffer, 0, Math.Min(buffer.Length, budget))) > 0)
            {
                output.Write(buffer, 0, read);
                budget -= read;
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static int IndexOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> value, int from)
    {
        if (from >= data.Length)
        {
            return -1;
        }

        int i = data[from..].IndexOf(value);
        return i < 0 ? -1 : from + i;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f' or 0;

    /// <summary>A regular character of a PDF name (anything but whitespace and delimiters).</summary>
    private static bool IsNameChar(byte b) => !IsWhitespace(b) && b is not ((byte)'/' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'(' or (byte)')' or (byte)'{' or (byte)'}' or (byte)'%');
}
