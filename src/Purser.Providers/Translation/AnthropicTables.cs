using Purser.Chat;

namespace Purser.Providers.Translation;

/// <summary>
/// What happens to an Anthropic Messages request's fields (what Claude Code sends included) on an OpenAI-compatible or
/// Gemini upstream.
/// </summary>
internal static class AnthropicTables
{
    public static TranslationTable ToOpenAIChat { get; } = Common(WireProtocol.OpenAIChat)
        .Map("system", "a system message first")
        .Map("messages", "role system messages become system messages at the same position; tool_result blocks become tool messages; images become image_url parts")
        .Map("max_tokens", "max_tokens (max_completion_tokens for OpenAI's own API)")
        .Map("stop_sequences", "stop (at most 4)")
        .Map("tool_choice", "tool_choice (any → required, tool → a named function); disable_parallel_tool_use → parallel_tool_calls false")
        .Map("metadata", "metadata.user_id → user")
        .Map("thinking", "enabled: reasoning_effort from the budget (≤ 4096 low, ≤ 16384 medium, more high); adaptive: output_config.effort, or the model's default")
        .Map("output_config.effort", "reasoning_effort (low, medium, high; xhigh and max → high)")
        .Map("output_config.format", "response_format json_schema")
        .Map("output_format", "response_format json_schema")
        .Drop("top_k", "OpenAI has no top_k (a sampling setting)");

    public static TranslationTable ToGemini { get; } = Common(WireProtocol.Gemini)
        .Map("system", "systemInstruction")
        .Map("messages", "role system messages are appended to systemInstruction in order; tool_use and tool_result blocks become functionCall and functionResponse parts; images become inlineData")
        .Map("max_tokens", "generationConfig.maxOutputTokens")
        .Map("stop_sequences", "generationConfig.stopSequences (at most 5)")
        .Map("tool_choice", "toolConfig.functionCallingConfig (any ANY, tool ANY with allowedFunctionNames, none NONE)")
        .Map("top_k", "generationConfig.topK")
        .Drop("metadata", "Gemini has no end-user field")
        .Map("thinking", "generationConfig.thinkingConfig with includeThoughts: enabled sends the budget; adaptive sends output_config.effort, or nothing (the model's default)")
        .Map("output_config.effort", "generationConfig.thinkingConfig: thinkingLevel on Gemini 3 (low → low, medium and above → high), a thinkingBudget before")
        .Map("output_config.format", "generationConfig.responseMimeType application/json with responseSchema")
        .Map("output_format", "generationConfig.responseMimeType application/json with responseSchema");

    /// <summary>The rows every target shares.</summary>
    private static TranslationTable Common(WireProtocol target) => new TranslationTable(WireProtocol.AnthropicMessages, target)
        .Container("output_config")
        .Map("model", "the route's model")
        .Map("tools", "custom tools become the target's function declarations; server and Anthropic-defined tools are refused")
        .Map("temperature", "temperature")
        .Map("top_p", "top_p")
        .Map("stream", "the target's streaming call")
        .Map("anthropic-version", "the protocol version header; the target needs none")
        .Drop("anthropic-beta", "Anthropic beta features only Anthropic has")
        .Drop("context_management", "Anthropic's server-side context editing; the whole conversation is sent instead")
        .Drop("cache_control", "Anthropic's prompt-caching breakpoints (the target caches on its own, or not)")
        .Drop("service_tier", "Anthropic's capacity tier")
        .Drop("inference_geo", "where Anthropic runs the model")
        .Drop("container", "an Anthropic code-execution container id")
        .Refuse("mcp_servers", "the model would lack the MCP servers' tools");
}
