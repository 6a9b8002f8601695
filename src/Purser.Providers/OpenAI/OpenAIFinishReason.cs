using Purser.Chat;

namespace Purser.Providers.OpenAI;

internal static class OpenAIFinishReason
{
    public static FinishReason Parse(string? reason) => reason switch
    {
        "stop" => FinishReason.Stop,
        "length" => FinishReason.Length,
        "tool_calls" or "function_call" => FinishReason.ToolCalls,
        "content_filter" => FinishReason.ContentFilter,
        null => FinishReason.Stop,
        _ => FinishReason.Other,
    };

    public static string ToWire(FinishReason reason) => reason switch
    {
        FinishReason.Length => "length",
        FinishReason.ToolCalls => "tool_calls",
        FinishReason.ContentFilter or FinishReason.Refusal => "content_filter",
        _ => "stop",
    };
}
