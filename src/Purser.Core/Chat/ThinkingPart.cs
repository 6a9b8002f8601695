namespace Purser.Chat;

/// <summary>Model reasoning shown to the client (Anthropic thinking blocks, Gemini thought parts).</summary>
internal sealed class ThinkingPart(string text) : ContentPart
{
    public string Text { get; set; } = text;

    /// <summary>Anthropic's signature, needed to send the block back in a later turn.</summary>
    public string? Signature { get; set; }

    /// <summary>Encrypted reasoning (Anthropic redacted_thinking); <see cref="Text"/> is empty then.</summary>
    public string? RedactedData { get; init; }
}
