using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;

namespace Purser.Providers.Translation;

/// <summary>What happens to a Gemini generateContent request's fields (what Gemini CLI sends included) on an OpenAI-compatible or Anthropic upstream.</summary>
internal static class GeminiTables
{
    public static TranslationTable ToOpenAIChat { get; } = Common(WireProtocol.OpenAIChat)
        .Map("systemInstruction", "a system message first")
        .Map("contents", "user and model turns become user and assistant messages; functionCall parts become tool_calls, functionResponse parts tool messages; inlineData images become data: URLs")
        .Map("toolConfig.functionCallingConfig", "tool_choice (AUTO auto, NONE none, ANY required, one allowedFunctionNames a named function)")
        .Map("generationConfig.maxOutputTokens", "max_tokens (max_completion_tokens for OpenAI's own API)")
        .Map("generationConfig.stopSequences", "stop (at most 4)")
        .Map("generationConfig.seed", "seed")
        .Map("generationConfig.presencePenalty", "presence_penalty")
        .Map("generationConfig.frequencyPenalty", "frequency_penalty")
        .Map("generationConfig.responseSchema", "response_format json_schema (the OpenAPI subset converted to JSON Schema)")
        .Map("generationConfig.responseJsonSchema", "response_format json_schema")
        .Map("generationConfig.thinkingConfig", "reasoning_effort (thinkingLevel LOW/MINIMAL low, MEDIUM medium, HIGH high; thinkingBudget 0 none, else by size)")
        .Drop("generationConfig.topK", "OpenAI has no top_k (a sampling setting)");

    public static TranslationTable ToAnthropic { get; } = Common(WireProtocol.AnthropicMessages)
        .Map("systemInstruction", "system")
        .Map("contents", "user and model turns become user and assistant messages; functionCall parts become tool_use blocks, functionResponse parts tool_result blocks; inlineData images become image blocks")
        .Map("toolConfig.functionCallingConfig", "tool_choice (AUTO auto, NONE none, ANY any, one allowedFunctionNames a named tool)")
        .Map("generationConfig.maxOutputTokens", "max_tokens (required by Anthropic: a default when absent)")
        .Map("generationConfig.stopSequences", "stop_sequences")
        .Map("generationConfig.topK", "top_k (dropped when thinking is on, which Anthropic does not allow with it)")
        .Map("generationConfig.responseSchema", "json_schema: a forced tool whose input is the answer")
        .Map("generationConfig.responseJsonSchema", "json_schema: a forced tool whose input is the answer")
        .Map("generationConfig.thinkingConfig", "thinking: a budget from thinkingBudget or thinkingLevel (LOW 2048, MEDIUM 8192, HIGH 24576 tokens); 0 or MINIMAL: no thinking")
        .Drop("generationConfig.seed", "Anthropic has no seed; it only makes sampling repeatable")
        .Drop("generationConfig.presencePenalty", "Anthropic has no presence penalty (a sampling setting)")
        .Drop("generationConfig.frequencyPenalty", "Anthropic has no frequency penalty (a sampling setting)");

    /// <summary>The rows every target shares.</summary>
    private static TranslationTable Common(WireProtocol target) => new TranslationTable(WireProtocol.Gemini, target)
        .Names(Gemini.GeminiRequestReader.Camel)
        .Container("generationConfig")
        .Container("toolConfig")
        .Map("tools", "functionDeclarations (parameters or parametersJsonSchema) become the target's tools; googleSearch, codeExecution and other built-in tools are refused")
        .Map("generationConfig.temperature", "temperature")
        .Map("generationConfig.topP", "top_p")
        .Refuse("generationConfig.responseMimeType", "application/json is JSON mode and text/plain needs nothing, but no other kind of answer can be translated", IsTextOrJson)
        .Refuse("generationConfig.candidateCount", "several candidates cannot be produced by one call", v => TranslationPolicy.IsNumber(v, 1))
        .Refuse("generationConfig.responseModalities", "only text can be translated", v => TranslationPolicy.IsOnly(v, "TEXT"))
        .Refuse("generationConfig.responseLogprobs", "the answer would lack the log probabilities asked for", TranslationPolicy.IsFalse)
        .Refuse("generationConfig.logprobs", "the answer would lack the log probabilities asked for")
        .Refuse("generationConfig.speechConfig", "speech output cannot be translated")
        .Refuse("generationConfig.imageConfig", "image output cannot be translated")
        .Refuse("cachedContent", "the cached content is part of the prompt, and only Gemini holds it")
        .Drop("safetySettings", "Gemini's safety filter thresholds (passed through to Gemini providers)")
        .Drop("generationConfig.mediaResolution", "Gemini's input image resolution")
        .Drop("generationConfig.enableEnhancedCivicAnswers", "a Gemini answer-quality switch")
        .Drop("toolConfig.retrievalConfig", "location hints for Gemini's built-in retrieval tools")
        .Drop("labels", "Vertex AI billing labels")
        .Drop("serviceTier", "Gemini's processing tier");

    private static bool IsTextOrJson(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is "text/plain" or "application/json";
}
