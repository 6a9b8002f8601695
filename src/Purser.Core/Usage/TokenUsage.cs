namespace Purser.Usage;

/// <summary>
/// Token usage of one call, normalised across providers.
/// <see cref="InputTokens"/> counts every prompt token, cached reads and cache writes included;
/// <see cref="OutputTokens"/> counts every generated token, reasoning included.
/// </summary>
public readonly record struct TokenUsage
{
    public TokenUsage(long inputTokens, long outputTokens, long cachedInputTokens = 0, long cacheWriteTokens = 0, long reasoningTokens = 0, bool isEstimated = false)
    {
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        CachedInputTokens = cachedInputTokens;
        CacheWriteTokens = cacheWriteTokens;
        ReasoningTokens = reasoningTokens;
        IsEstimated = isEstimated;
    }

    /// <summary>All prompt tokens: uncached + cached read + cache write.</summary>
    public long InputTokens { get; init; }

    /// <summary>All generated tokens: visible output + reasoning.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Prompt tokens read from the provider's prompt cache (part of <see cref="InputTokens"/>).</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Prompt tokens written to the provider's prompt cache (part of <see cref="InputTokens"/>).</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>
    /// Of <see cref="CacheWriteTokens"/>, those written to a one-hour cache (Anthropic's
    /// <c>cache_creation.ephemeral_1h_input_tokens</c>), priced apart; the rest are five-minute writes.
    /// </summary>
    public long CacheWrite1hTokens { get; init; }

    /// <summary>Reasoning ("thinking") tokens (part of <see cref="OutputTokens"/>).</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>True when Purser counted the tokens itself because the upstream did not report them.</summary>
    public bool IsEstimated { get; init; }

    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Prompt tokens billed at the plain input price.</summary>
    public long UncachedInputTokens => Math.Max(0, InputTokens - CachedInputTokens - CacheWriteTokens);

    /// <summary>Output tokens billed at the plain output price.</summary>
    public long NonReasoningOutputTokens => Math.Max(0, OutputTokens - ReasoningTokens);

    public bool IsEmpty => InputTokens == 0 && OutputTokens == 0;

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) => new(
        a.InputTokens + b.InputTokens,
        a.OutputTokens + b.OutputTokens,
        a.CachedInputTokens + b.CachedInputTokens,
        a.CacheWriteTokens + b.CacheWriteTokens,
        a.ReasoningTokens + b.ReasoningTokens,
        a.IsEstimated || b.IsEstimated)
    {
        CacheWrite1hTokens = a.CacheWrite1hTokens + b.CacheWrite1hTokens,
    };

    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;
}
