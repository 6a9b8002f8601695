namespace Purser.Streaming;

/// <summary>More visible text.</summary>
internal sealed class TextDeltaEvent(string text) : StreamEvent
{
    public string Text { get; } = text;
}
