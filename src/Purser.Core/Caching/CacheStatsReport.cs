namespace Purser.Caching;

/// <summary><c>purser cache stats</c> and <c>GET /api/cache/stats</c>.</summary>
internal sealed record CacheStatsReport
{
    /// <summary>24h, 7d, 30d or all: the window of the hit/miss/savings counts (entries and bytes are always now).</summary>
    public string Period { get; init; } = "all";

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset Until { get; init; }

    public CacheOperationStats Totals { get; init; } = new() { Operation = "(all)" };

    public IReadOnlyList<CacheOperationStats> Operations { get; init; } = [];

    public CacheMemoryStats Memory { get; init; } = new();
}
