using System.Security.Cryptography;
using System.Text;
using Purser.Assistant.Languages;

namespace Purser.Assistant.Files;

/// <summary>Reads files for analysis: detects binaries, decodes text (UTF-8, BOMs honoured), counts lines, hashes the bytes.</summary>
internal static class SourceFileReader
{
    private const int SniffBytes = 8000;

    /// <summary>Reads <paramref name="fullPath"/>, refusing files larger than <paramref name="maxBytes"/> without reading them whole.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static SourceFile Read(string fullPath, string displayPath, long maxBytes = long.MaxValue)
    {
        var info = new FileInfo(fullPath);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"No such file: {displayPath}", fullPath);
        }

        if (info.Length > maxBytes)
        {
            // Too big to analyse: look only at the start to tell binaries from text.
            byte[] head = new byte[SniffBytes];
            int read;
            using (FileStream stream = info.OpenRead())
            {
                read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            bool binary = LooksBinary(head.AsSpan(0, read));
            return new SourceFile
            {
                FullPath = fullPath,
                DisplayPath = displayPath,
                Bytes = info.Length,
                IsBinary = binary,
                Language = binary ? null : LanguageDetector.Detect(fullPath, SourceFile.FirstLine(Decode(head.AsSpan(0, read)))),
            };
        }

        byte[] bytes = File.ReadAllBytes(fullPath);
        return FromBytes(fullPath, displayPath, bytes);
    }

    /// <summary>A file's bytes as a <see cref="SourceFile"/>.</summary>
    public static SourceFile FromBytes(string fullPath, string displayPath, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (LooksBinary(bytes.AsSpan(0, Math.Min(bytes.Length, SniffBytes))))
        {
            return new SourceFile { FullPath = fullPath, DisplayPath = displayPath, Bytes = bytes.Length, ContentHash = hash, IsBinary = true };
        }

        string text = Decode(bytes);
        return new SourceFile
        {
            FullPath = fullPath,
            DisplayPath = displayPath,
            Text = text,
            Bytes = bytes.Length,
            Lines = CountLines(text),
            ContentHash = hash,
            Language = LanguageDetector.Detect(fullPath, SourceFile.FirstLine(text)),
        };
    }

    /// <summary>
    /// Binary when the start holds a NUL byte (as git decides) or is more than 10% control characters other than
    /// tab, line feed, carriage return, form feed and escape. UTF-16 text with a BOM counts as text.
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return false;
        }

        if (head.IndexOf((byte)0) >= 0)
        {
            return true;
        }

        int control = 0;
        foreach (byte b in head)
        {
            if (b < 0x20 && b is not (9 or 10 or 12 or 13 or 27))
            {
                control++;
            }
        }

        return head.Length > 0 && control * 10 > head.Length;
    }

    /// <summary>Lines as an editor counts them: a final line feed ends the last line; an empty text has none.</summary>
    public static int CountLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return 0;
        }

        int lines = text.AsSpan().Count('\n');
        return text[^1] == '\n' ? lines : lines + 1;
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
