using Purser.Chat;

namespace Purser.Providers.Translation;

/// <summary>What happens to an OpenAI Chat Completions request's fields on an Anthropic or Gemini upstream.</summary>
internal static class OpenAIChatTables
{
    public static TranslationTable ToAnthropic { get; } = Common(WireProtocol.AnthropicMessages)
        .Map("messages", "system and developer messages become the system prompt; tool messages become tool_result blocks; images become image blocks")
        .Map("max_tokens", "max_tokens (required by Anthropic: a default when absent)")
        .Map("max_completion_tokens", "max_tokens")
        .Map("stop", "stop_sequences")
        .Map("tool_choice", "tool_choice (required → any, a named function → tool)")
        .Map("parallel_tool_calls", "tool_choice.disable_parallel_tool_use")
        .Map("response_format", "json_object: a system instruction; json_schema: a forced tool whose input is the answer")
        .Map("reasoning_effort", "thinking with a budget (low 2048, medium 8192, high 24576 tokens); minimal/none: no thinking")
        .Map("user", "metadata.user_id")
        .Drop("seed", "Anthropic has no seed; it only makes sampling repeatable")
        .Drop("frequency_penalty", "Anthropic has no frequency penalty (a sampling setting)")
        .Drop("presence_penalty", "Anthropic has no presence penalty (a sampling setting)");

    public static TranslationTable ToGemini { get; } = Common(WireProtocol.Gemini)
        .Map("messages", "system and developer messages become systemInstruction; tool messages become functionResponse parts; images become inlineData")
        .Map("max_tokens", "generationConfig.maxOutputTokens")
        .Map("max_completion_tokens", "generationConfig.maxOutputTokens")
        .Map("stop", "generationConfig.stopSequences (at most 5)")
        .Map("tool_choice", "toolConfig.functionCallingConfig (auto AUTO, none NONE, required ANY, a named function ANY with allowedFunctionNames)")
        .Map("parallel_tool_calls", "no counterpart needed: Gemini decides per turn")
        .Map("response_format", "generationConfig.responseMimeType application/json, with responseSchema for json_schema")
        .Map("reasoning_effort", "generationConfig.thinkingConfig: thinkingLevel on Gemini 3, a thinkingBudget before")
        .Drop("user", "Gemini has no end-user field")
        .Map("seed", "generationConfig.seed")
        .Map("frequency_penalty", "generationConfig.frequencyPenalty")
        .Map("presence_penalty", "generationConfig.presencePenalty");

    /// <summary>The rows every target shares.</summary>
    private static TranslationTable Common(WireProtocol target) => new TranslationTable(WireProtocol.OpenAIChat, target)
        .Container("stream_options")
        .Map("model", "the route's model")
        .Map("tools", "function tools become the target's tool declarations; other tool types are refused")
        .Map("temperature", "temperature")
        .Map("top_p", "top_p")
        .Map("stream", "the target's streaming call")
        .Map("stream_options.include_usage", "Purser writes the usage chunk itself")
        .Drop("stream_options.include_obfuscation", "stream padding only OpenAI sends")
        .Drop("metadata", "recorded by Purser for attribution; the target has no stored-completion metadata")
        .Drop("store", "OpenAI's stored completions")
        .Drop("service_tier", "OpenAI's processing tier")
        .Drop("prompt_cache_key", "OpenAI's prompt-cache routing hint")
        .Drop("prompt_cache_retention", "OpenAI's prompt-cache lifetime")
        .Drop("safety_identifier", "OpenAI's abuse-detection id")
        .Drop("prediction", "OpenAI's predicted-output latency optimisation")
        .Drop("verbosity", "a GPT-5 length hint the target has no setting for")
        .Refuse("n", "several choices cannot be produced by one call", v => TranslationPolicy.IsNumber(v, 1))
        .Refuse("logprobs", "the answer would lack the log probabilities asked for", TranslationPolicy.IsFalse)
        .Refuse("top_logprobs", "the answer would lack the log probabilities asked for", v => TranslationPolicy.IsNumber(v, 0))
        .Refuse("logit_bias", "the token biases would be lost, and with them what they ban or force")
        .Refuse("modalities", "only text can be translated", v => TranslationPolicy.IsOnly(v, "text"))
        .Refuse("audio", "audio output cannot be translated")
        .Refuse("web_search_options", "the answer would lack the web search asked for")
        .Refuse("functions", "the deprecated functions API is not translated; use tools")
        .Refuse("function_call", "the deprecated functions API is not translated; use tool_choice");
}
