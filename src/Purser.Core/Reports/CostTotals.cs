namespace Purser.Reports;

/// <summary>Sums over a set of ledger rows. Costs are exact decimals; calls whose price was unknown are counted apart.</summary>
public sealed record CostTotals
{
    public long Calls { get; init; }

    public long Errors { get; init; }

    public long CacheHits { get; init; }

    public long InputTokens { get; init; }

    public long CachedTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public long OutputTokens { get; init; }

    public long ReasoningTokens { get; init; }

    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>
    /// The cost, or null when it is not known: when any call in the sum had tokens but no price (a sum with an unknown
    /// part is unknown). <see cref="KnownCostUsd"/> has what is known; <see cref="UnknownCostCalls"/> how many are not.
    /// </summary>
    public decimal? CostUsd => UnknownCostCalls > 0 ? null : KnownCostUsd;

    /// <summary>Sum of the known costs (a lower bound of the cost when <see cref="UnknownCostCalls"/> is not 0).</summary>
    public decimal KnownCostUsd { get; init; }

    /// <summary>Calls with tokens but no price: their cost is not in <see cref="KnownCostUsd"/>.</summary>
    public long UnknownCostCalls { get; init; }

    /// <summary>Calls whose tokens were counted locally.</summary>
    public long EstimatedCalls { get; init; }

    /// <summary>What the cache saved.</summary>
    public decimal SavedUsd { get; init; }

    /// <summary>Tokens of the answers the cache replayed (not billed, not in the token totals).</summary>
    public long CacheSavedTokens { get; init; }

    /// <summary>Prompt tokens compression removed.</summary>
    public long TokensSaved { get; init; }

    /// <summary>Calls that looked the cache up and missed.</summary>
    public long CacheMisses { get; init; }

    /// <summary>Calls that did not read the cache (caller bypass, not cacheable).</summary>
    public long CacheBypassed { get; init; }

    /// <summary>What cache hits alone saved (<see cref="SavedUsd"/> may also hold other savings).</summary>
    public decimal CacheSavedUsd { get; init; }
}
