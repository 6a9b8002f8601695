using Purser.Assistant.Languages;

namespace Purser.Assistant.Files;

/// <summary>A file read for analysis: its text (when it is text), size, line count, content hash and language.</summary>
internal sealed class SourceFile
{
    /// <summary>The full path on disk (or a name such as "stdin" for piped input).</summary>
    public required string FullPath { get; init; }

    /// <summary>The path to show and to send to the model: relative to the repository root, or as the user gave it.</summary>
    public required string DisplayPath { get; init; }

    /// <summary>The decoded text; empty for binary files.</summary>
    public string Text { get; init; } = "";

    public long Bytes { get; init; }

    public int Lines { get; init; }

    /// <summary>SHA-256 of the bytes, lower-case hex.</summary>
    public string ContentHash { get; init; } = "";

    public bool IsBinary { get; init; }

    public Language? Language { get; init; }

    /// <summary>The language id, or <c>unknown</c>.</summary>
    public string LanguageId => Language?.Id ?? "unknown";

    /// <summary>A text given directly (a snippet, a request body) rather than read from disk.</summary>
    public static SourceFile FromText(string displayPath, string text, Language? language)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return new SourceFile
        {
            FullPath = displayPath,
            DisplayPath = displayPath,
            Text = text,
            Bytes = bytes.Length,
            Lines = SourceFileReader.CountLines(text),
            ContentHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            Language = language ?? LanguageDetector.Detect(displayPath, FirstLine(text)),
        };
    }

    internal static string FirstLine(string text)
    {
        int end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).TrimEnd('\r');
    }
}
