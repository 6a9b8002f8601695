namespace Purser.Chat;

/// <summary>
/// Who said a message. The leading system prompt lives in <see cref="ChatRequest.System"/>; a <see cref="System"/>
/// message is system text placed later in the conversation (Anthropic's mid-conversation system messages).
/// </summary>
internal enum ChatRole
{
    User,
    Assistant,

    /// <summary>Results of tool calls (OpenAI "tool" messages, Anthropic tool_result blocks, Gemini functionResponse parts).</summary>
    Tool,

    /// <summary>
    /// System text at this position of the conversation (Anthropic <c>role: "system"</c> inside <c>messages</c>).
    /// Writers place it where their protocol allows: OpenAI a system message at the same position, Gemini and a
    /// translated Anthropic call appended to the system prompt in order.
    /// </summary>
    System,
}
