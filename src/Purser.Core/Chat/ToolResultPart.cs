namespace Purser.Chat;

/// <summary>The result of a tool call, sent back by the client.</summary>
internal sealed class ToolResultPart(string toolCallId, List<ContentPart> content) : ContentPart
{
    public string ToolCallId { get; } = toolCallId;

    /// <summary>Text and image parts.</summary>
    public List<ContentPart> Content { get; } = content;

    public bool IsError { get; init; }

    /// <summary>The text of the result, parts joined.</summary>
    public string JoinedText() => ChatText.Join(Content);
}
