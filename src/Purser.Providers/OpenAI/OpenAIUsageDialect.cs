namespace Purser.Providers.OpenAI;

/// <summary>
/// How an OpenAI-compatible server counts reasoning tokens in its usage. The usage's own total_tokens decides when it is
/// there (see <see cref="OpenAIUsage.Read"/>); the dialect decides when it is not.
/// </summary>
internal enum OpenAIUsageDialect
{
    /// <summary>
    /// completion_tokens includes completion_tokens_details.reasoning_tokens (OpenAI, DeepSeek, OpenRouter, Mistral,
    /// Groq, vLLM, Ollama…).
    /// </summary>
    Standard,

    /// <summary>
    /// reasoning_tokens are counted apart from completion_tokens and billed as output on top of them (xAI: "reasoning token
    /// consumption will be counted separately from completion_tokens, but will be counted in the total_tokens").
    /// </summary>
    ReasoningApart,
}
