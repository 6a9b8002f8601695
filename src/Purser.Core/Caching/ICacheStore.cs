namespace Purser.Caching;

/// <summary>Where cache entries persist (the embedded SQLite database by default). The memory front and the index live in <see cref="ResponseCache"/>.</summary>
internal interface ICacheStore
{
    /// <summary>Keys and expiry times of the entries that are still live at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<CacheIndexEntry>> LoadIndexAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task<CacheEntry?> GetAsync(CacheKey key, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces entries, in one transaction.</summary>
    Task WriteAsync(IReadOnlyList<CacheEntry> entries, CancellationToken cancellationToken);

    /// <summary>Removes entries that expired at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes the entries the filter selects; returns their keys.</summary>
    Task<IReadOnlyList<CacheKey>> ClearAsync(CacheClearFilter filter, CancellationToken cancellationToken);

    /// <summary>Per operation: hits, misses and bypasses recorded in the ledger since <paramref name="since"/> (all time when null), savings, and the live entries and their bytes.</summary>
    Task<IReadOnlyList<CacheOperationStats>> StatsAsync(DateTimeOffset? since, DateTimeOffset now, CancellationToken cancellationToken);
}
