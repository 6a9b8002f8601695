namespace Purser.Caching;

/// <summary>The cache's figures for one operation (or all of them): ledger counts over a period, live entries now.</summary>
internal sealed record CacheOperationStats
{
    public string Operation { get; init; } = "";

    public long Hits { get; init; }

    public long Misses { get; init; }

    /// <summary>Calls that did not read the cache (caller bypass, not cacheable).</summary>
    public long Bypassed { get; init; }

    /// <summary>Hits ÷ (hits + misses); null when the cache was never looked up.</summary>
    public double? HitRate => Hits + Misses == 0 ? null : (double)Hits / (Hits + Misses);

    /// <summary>Live entries in the store.</summary>
    public long Entries { get; init; }

    /// <summary>Bytes of the live entries' answers.</summary>
    public long Bytes { get; init; }

    /// <summary>Tokens of the answers replayed by hits (not billed).</summary>
    public long TokensSaved { get; init; }

    /// <summary>What the hits would have cost.</summary>
    public decimal SavedUsd { get; init; }

    /// <summary>Adds two rows' figures (for totals).</summary>
    public CacheOperationStats Plus(CacheOperationStats other) => this with
    {
        Hits = Hits + other.Hits,
        Misses = Misses + other.Misses,
        Bypassed = Bypassed + other.Bypassed,
        Entries = Entries + other.Entries,
        Bytes = Bytes + other.Bytes,
        TokensSaved = TokensSaved + other.TokensSaved,
        SavedUsd = SavedUsd + other.SavedUsd,
    };
}
