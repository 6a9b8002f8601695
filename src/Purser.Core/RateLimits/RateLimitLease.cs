namespace Purser.RateLimits;

/// <summary>What a call took: one request from each request bucket, its worst-case tokens from each token bucket, corrected by <see cref="RateLimiter.Settle"/>.</summary>
internal sealed class RateLimitLease
{
    internal RateLimitLease(IReadOnlyList<RateBucket> requestBuckets, IReadOnlyList<RateBucket> tokenBuckets, long reservedTokens)
    {
        RequestBuckets = requestBuckets;
        TokenBuckets = tokenBuckets;
        ReservedTokens = reservedTokens;
    }

    /// <summary>The worst case taken from every token bucket.</summary>
    public long ReservedTokens { get; }

    /// <summary>Whether <see cref="RateLimiter.Settle"/> has run.</summary>
    public bool IsSettled { get; internal set; }

    internal IReadOnlyList<RateBucket> RequestBuckets { get; }

    internal IReadOnlyList<RateBucket> TokenBuckets { get; }
}
