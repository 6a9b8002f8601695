namespace Purser.Streaming;

/// <summary>More reasoning text, or the signature that closes a thinking block.</summary>
internal sealed class ThinkingDeltaEvent(string text, string? signature = null) : StreamEvent
{
    public string Text { get; } = text;

    public string? Signature { get; } = signature;
}
