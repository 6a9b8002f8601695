using Purser.Usage;

namespace Purser.Caching;

/// <summary>The stored form of <see cref="TokenUsage"/>.</summary>
internal sealed class CachedUsage
{
    public long InputTokens { get; set; }

    public long CachedInputTokens { get; set; }

    public long CacheWriteTokens { get; set; }

    public long OutputTokens { get; set; }

    public long ReasoningTokens { get; set; }

    public bool Estimated { get; set; }

    public static CachedUsage From(TokenUsage u) => new()
    {
        InputTokens = u.InputTokens,
        CachedInputTokens = u.CachedInputTokens,
        CacheWriteTokens = u.CacheWriteTokens,
        OutputTokens = u.OutputTokens,
        ReasoningTokens = u.ReasoningTokens,
        Estimated = u.IsEstimated,
    };

    public TokenUsage ToUsage() => new(InputTokens, OutputTokens, CachedInputTokens, CacheWriteTokens, ReasoningTokens, Estimated);
}
