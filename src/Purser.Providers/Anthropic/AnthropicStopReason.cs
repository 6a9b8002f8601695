using Purser.Chat;

namespace Purser.Providers.Anthropic;

internal static class AnthropicStopReason
{
    public static FinishReason Parse(string? reason) => reason switch
    {
        "end_turn" or null => FinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => FinishReason.Length,
        "stop_sequence" => FinishReason.StopSequence,
        "tool_use" => FinishReason.ToolCalls,
        "refusal" => FinishReason.Refusal,
        _ => FinishReason.Other, // pause_turn (a server tool's long turn paused) and whatever comes next
    };

    /// <param name="hasToolCalls">Some OpenAI-compatible servers say "stop" after tool calls; Anthropic clients expect tool_use then.</param>
    public static string ToWire(FinishReason reason, bool hasToolCalls) => reason switch
    {
        FinishReason.Length => "max_tokens",
        FinishReason.StopSequence => "stop_sequence",
        FinishReason.ToolCalls => "tool_use",
        FinishReason.ContentFilter or FinishReason.Refusal => "refusal",
        _ when hasToolCalls => "tool_use",
        _ => "end_turn",
    };
}
