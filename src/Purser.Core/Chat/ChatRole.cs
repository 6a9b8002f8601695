namespace Purser.Chat;

/// <summary>Who said a message. System prompts live in <see cref="ChatRequest.System"/>.</summary>
public enum ChatRole
{
    User,
    Assistant,

    /// <summary>Results of tool calls (OpenAI "tool" messages, Anthropic tool_result blocks, Gemini functionResponse parts).</summary>
    Tool,
}
