using Purser.Chat;

namespace Purser.Providers.Translation;

/// <summary>
/// What happens to an OpenAI Responses request's fields (what Codex CLI sends included) on a Chat Completions,
/// Anthropic or Gemini upstream. Purser keeps the conversation state itself, so store and previous_response_id work
/// everywhere.
/// </summary>
internal static class ResponsesTables
{
    public static TranslationTable ToOpenAIChat { get; } = Common(WireProtocol.OpenAIChat)
        .Map("instructions", "a system message first")
        .Map("input", "messages: developer and system items become system messages, function_call items assistant tool_calls, function_call_output items tool messages; reasoning items are not sent back")
        .Map("max_output_tokens", "max_tokens (max_completion_tokens for OpenAI's own API)")
        .Map("text.format", "response_format (json_object, json_schema)")
        .Map("reasoning.effort", "reasoning_effort")
        .Map("user", "user");

    public static TranslationTable ToAnthropic { get; } = Common(WireProtocol.AnthropicMessages)
        .Map("instructions", "system")
        .Map("input", "messages: developer and system items join the system prompt, function_call items become tool_use blocks, function_call_output items tool_result blocks; reasoning items Purser wrote from Claude's thinking go back as thinking blocks with their signature")
        .Map("max_output_tokens", "max_tokens (required by Anthropic: a default when absent)")
        .Map("text.format", "json_object: a system instruction; json_schema: a forced tool whose input is the answer")
        .Map("reasoning.effort", "thinking with a budget (low 2048, medium 8192, high 24576, xhigh 32768 tokens); none/minimal: no thinking")
        .Map("user", "metadata.user_id");

    public static TranslationTable ToGemini { get; } = Common(WireProtocol.Gemini)
        .Map("instructions", "systemInstruction")
        .Map("input", "contents: developer and system items join systemInstruction, function_call items become functionCall parts, function_call_output items functionResponse parts; reasoning items are not sent back")
        .Map("max_output_tokens", "generationConfig.maxOutputTokens")
        .Map("text.format", "generationConfig.responseMimeType application/json, with responseSchema for json_schema")
        .Map("reasoning.effort", "generationConfig.thinkingConfig")
        .Drop("user", "Gemini has no end-user field");

    /// <summary>The rows every target shares.</summary>
    private static TranslationTable Common(WireProtocol target) => new TranslationTable(WireProtocol.OpenAIResponses, target)
        .Container("text")
        .Container("reasoning")
        .Map("model", "the route's model")
        .Map("tools", "function tools become the target's tools; custom (free-text) tools a function taking one string 'input'; namespace tools are flattened and their calls carry the namespace back; hosted tools other than web search are refused")
        .Map("tool_choice", "the target's tool choice (auto, none, required, a named function)")
        .Map("parallel_tool_calls", "the target's parallel tool-call setting where it has one")
        .Map("temperature", "temperature")
        .Map("top_p", "top_p")
        .Map("stream", "the target's streaming call; the answer is the Responses event sequence")
        .Map("store", "Purser keeps the conversation state itself (unless false)")
        .Map("previous_response_id", "Purser puts the stored conversation into input")
        .Map("metadata", "attribution in the ledger")
        .Map("background", "only false reaches translation (background responses are refused)", TranslationPolicy.IsFalse)
        .Drop("include", "extra output OpenAI adds on request (encrypted reasoning, logprobs, search results)")
        .Drop("prompt_cache_key", "OpenAI's prompt-cache routing hint")
        .Drop("prompt_cache_retention", "how long OpenAI keeps its prompt cache")
        .Drop("safety_identifier", "OpenAI's abuse-monitoring id")
        .Drop("service_tier", "OpenAI's capacity tier")
        .Drop("truncation", "OpenAI's context truncation; the whole input is sent")
        .Drop("client_metadata", "client telemetry for OpenAI (Codex)")
        .Drop("context_management", "OpenAI's server-side compaction")
        .Drop("max_tool_calls", "a cap on OpenAI's built-in tool calls")
        .Drop("stream_options", "OpenAI's stream obfuscation")
        .Drop("top_logprobs", "log probabilities Purser cannot produce", v => TranslationPolicy.IsNumber(v, 0))
        .Drop("text.verbosity", "OpenAI's answer-length hint")
        .Drop("reasoning.summary", "whether OpenAI summarises its reasoning; other providers' thinking comes back as reasoning items")
        .Drop("reasoning.generate_summary", "the older name of reasoning.summary")
        .Drop("tools:web_search", "a hosted tool agents offer by default; the model does without it")
        .Drop("tools:web_search_preview", "a hosted tool agents offer by default; the model does without it")
        .Refuse("prompt", "a stored OpenAI prompt template only OpenAI can expand")
        .Refuse("conversation", "an OpenAI conversation object only OpenAI holds");
}
