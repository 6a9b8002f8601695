using System.Collections.Concurrent;
using Purser.Caching;

namespace Purser.Core.Tests.Caching;

/// <summary>An in-memory <see cref="ICacheStore"/> that counts what the cache asks of it.</summary>
internal sealed class FakeCacheStore : ICacheStore
{
    public ConcurrentDictionary<CacheKey, CacheEntry> Entries { get; } = new();

    public int Gets;
    public int Writes;

    /// <summary>Gate the writer waits on before writing (to hold entries in the queue).</summary>
    public TaskCompletionSource? HoldWrites { get; set; }

    public Task<IReadOnlyList<CacheIndexEntry>> LoadIndexAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CacheIndexEntry>>([.. Entries.Values.Where(e => e.ExpiresAt > now).Select(e => new CacheIndexEntry(e.Key, e.ExpiresAt))]);

    public Task<CacheEntry?> GetAsync(CacheKey key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Gets);
        return Task.FromResult(Entries.TryGetValue(key, out CacheEntry? entry) ? entry : null);
    }

    public async Task WriteAsync(IReadOnlyList<CacheEntry> entries, CancellationToken cancellationToken)
    {
        if (HoldWrites is { } hold)
        {
            await hold.Task;
        }

        foreach (CacheEntry e in entries)
        {
            Entries[e.Key] = e;
        }

        Interlocked.Add(ref Writes, entries.Count);
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int n = 0;
        foreach (CacheEntry e in Entries.Values.Where(e => e.ExpiresAt <= now).ToList())
        {
            n += Entries.TryRemove(e.Key, out _) ? 1 : 0;
        }

        return Task.FromResult(n);
    }

    public Task<IReadOnlyList<CacheKey>> ClearAsync(CacheClearFilter filter, CancellationToken cancellationToken)
    {
        List<CacheKey> removed = [.. Entries.Values.Where(filter.Matches).Select(e => e.Key)];
        foreach (CacheKey key in removed)
        {
            Entries.TryRemove(key, out _);
        }

        return Task.FromResult<IReadOnlyList<CacheKey>>(removed);
    }

    public Task<IReadOnlyList<CacheOperationStats>> StatsAsync(DateTimeOffset? since, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CacheOperationStats>>([.. Entries.Values.Where(e => e.ExpiresAt > now).GroupBy(e => e.Operation)
            .Select(g => new CacheOperationStats { Operation = g.Key, Entries = g.Count(), Bytes = g.Sum(e => e.Bytes) })]);
}
