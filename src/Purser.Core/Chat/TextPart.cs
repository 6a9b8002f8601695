namespace Purser.Chat;

/// <summary>Plain text.</summary>
public sealed class TextPart(string text) : ContentPart
{
    public string Text { get; set; } = text;
}
