namespace Purser.Chat;

/// <summary>Plain text.</summary>
internal sealed class TextPart(string text) : ContentPart
{
    public string Text { get; set; } = text;
}
