namespace Purser.Caching;

/// <summary>Which entries <c>purser cache clear</c> removes: all, or those of one operation and/or created before a time.</summary>
internal sealed record CacheClearFilter
{
    public static readonly CacheClearFilter All = new();

    public string? Operation { get; init; }

    /// <summary>Only entries created before this time (<c>--older-than</c>).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    public bool Matches(CacheEntry entry) =>
        (Operation is null || string.Equals(entry.Operation, Operation, StringComparison.Ordinal))
        && (CreatedBefore is null || entry.CreatedAt < CreatedBefore);
}
