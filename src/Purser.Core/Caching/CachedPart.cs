namespace Purser.Caching;

/// <summary>One stored content part: text, thinking or a tool call.</summary>
internal sealed class CachedPart
{
    public string Type { get; set; } = "text";

    public string? Text { get; set; }

    public string? Signature { get; set; }

    public string? RedactedData { get; set; }

    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Arguments { get; set; }
}
