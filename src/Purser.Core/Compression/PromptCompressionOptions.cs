using System.Globalization;

namespace Purser.Compression;

/// <summary>
/// Configuration of prompt compression, bound from <c>Purser:Compression</c>. Compression is opt-in:
/// per request with <c>x-purser-compress: on</c>, or per operation through <see cref="Operations"/>.
/// </summary>
public sealed class PromptCompressionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Purser:Compression";

    /// <summary>The request header that turns compression on or off for one request.</summary>
    public const string HeaderName = "x-purser-compress";

    /// <summary>Compress every request that does not say otherwise. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Operations (e.g. <c>code_review</c>) compressed unless the request says <c>off</c>.</summary>
    public List<string> Operations { get; set; } = [];

    /// <summary>Collapse runs of spaces and tabs inside prose lines. Default true.</summary>
    public bool CollapseWhitespace { get; set; } = true;

    /// <summary>Remove Markdown decoration that carries no words: strong emphasis markers, thematic breaks, closing heading hashes, table padding. Default true.</summary>
    public bool StripMarkdown { get; set; } = true;

    /// <summary>Remove HTML comments outside code. Default true.</summary>
    public bool RemoveHtmlComments { get; set; } = true;

    /// <summary>Collapse repeated lines and paragraphs to one occurrence with a "(repeated N times)" marker. Default true.</summary>
    public bool CollapseRepeats { get; set; } = true;

    /// <summary>Consecutive identical lines are collapsed from this many. Default 3.</summary>
    public int MinRepeatedLines { get; set; } = 3;

    /// <summary>A paragraph repeated later in the prompt is replaced by a reference when at least this long. Default 200.</summary>
    public int MinRepeatedParagraphChars { get; set; } = 200;

    /// <summary>
    /// Whether to compress a request: the header value (<c>on</c>/<c>off</c>, also <c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>)
    /// wins; without it, <see cref="Enabled"/> or the operation being listed in <see cref="Operations"/>.
    /// </summary>
    public bool IsEnabledFor(string? headerValue, string? operation)
    {
        switch (headerValue?.Trim().ToLowerInvariant())
        {
            case "on" or "true" or "1" or "yes":
                return true;
            case "off" or "false" or "0" or "no":
                return false;
        }

        return Enabled || (operation is not null && Operations.Contains(operation, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Every configuration error, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinRepeatedLines < 2)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:MinRepeatedLines: {MinRepeatedLines} must be at least 2."));
        }

        if (MinRepeatedParagraphChars < 120)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:MinRepeatedParagraphChars: {MinRepeatedParagraphChars} must be at least 120 (a reference must be shorter than what it replaces)."));
        }

        for (int i = 0; i < Operations.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Operations[i]))
            {
                errors.Add($"{SectionName}:Operations:{i}: empty operation name.");
            }
        }

        return errors;
    }
}
