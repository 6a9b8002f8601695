namespace Purser.Chat;

/// <summary>One turn of a conversation.</summary>
internal sealed class ChatMessage(ChatRole role, List<ContentPart> content)
{
    public ChatRole Role { get; } = role;

    public List<ContentPart> Content { get; } = content;

    /// <summary>OpenAI's optional participant name.</summary>
    public string? Name { get; init; }

    public static ChatMessage FromText(ChatRole role, string text) => new(role, [new TextPart(text)]);

    /// <summary>The message's text, parts joined.</summary>
    public string Text => ChatText.Join(Content);
}
