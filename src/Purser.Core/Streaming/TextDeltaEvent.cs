namespace Purser.Streaming;

/// <summary>More visible text.</summary>
public sealed class TextDeltaEvent(string text) : StreamEvent
{
    public string Text { get; } = text;
}
