namespace Purser.Caching;

/// <summary>The cache's own response headers (x-purser-cache itself is set from <c>PurserContext.CacheStatus</c>).</summary>
internal static class CacheHeaders
{
    /// <summary>Why the cache was bypassed: off, no-cache, non-deterministic, unmodeled-fields, ttl-zero, disabled, no-route.</summary>
    public const string Reason = "x-purser-cache-reason";

    /// <summary>On a hit: seconds since the answer was stored.</summary>
    public const string Age = "x-purser-cache-age";

    /// <summary>On a hit: what the answer cost when it was produced (the saving), or "unknown".</summary>
    public const string SavedUsd = "x-purser-cache-saved-usd";
}
