using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Purser.Reports;

namespace Purser.Caching;

/// <summary>
/// The exact response cache of one process: an index of every live key (so a miss never touches the
/// database), a memory front bounded in bytes, the persistent <see cref="ICacheStore"/> behind them (written
/// in batches off the request path), and request coalescing — identical cacheable calls in flight at once
/// share the first one's upstream call and are answered from its entry.
/// </summary>
internal sealed class ResponseCache : IAsyncDisposable
{
    private const int WriteQueueCapacity = 10_000;
    private const int MaxBatch = 256;
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    private readonly ICacheStore _store;
    private readonly CachePolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger<ResponseCache> _logger;
    private readonly CacheMemory _memory;
    private readonly ConcurrentDictionary<CacheKey, long> _index = new();
    private readonly ConcurrentDictionary<CacheKey, CacheEntry> _unwritten = new();
    private readonly ConcurrentDictionary<CacheKey, CacheFlight> _flights = new();
    private readonly Channel<object> _writes;
    private readonly Task _indexLoad;
    private readonly Task _writer;
    private readonly Sharing.ISharedChanges _changes;
    private DateTimeOffset _lastPurge;
    private long _waiting;
    private int _disposed;

    /// <param name="store">Where entries persist.</param>
    /// <param name="policy">The cache options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="changes">With a store other instances share: where this one says what it stored and cleared.</param>
    public ResponseCache(ICacheStore store, CachePolicy policy, TimeProvider time, ILogger<ResponseCache> logger, Sharing.ISharedChanges? changes = null)
    {
        _store = store;
        _changes = changes ?? new Sharing.LocalChanges();
        _policy = policy;
        _time = time;
        _logger = logger;
        _memory = new CacheMemory(policy.Options.MemoryBytes);
        _writes = Channel.CreateBounded<object>(new BoundedChannelOptions(WriteQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _lastPurge = time.GetUtcNow();
        _indexLoad = Task.Run(LoadIndexAsync);
        _writer = Task.Run(RunWriterAsync);
    }

    public CachePolicy Policy => _policy;

    /// <summary>The memory front (its size and evictions are in the stats).</summary>
    public CacheMemory Memory => _memory;

    /// <summary>Calls currently waiting for an identical call in flight.</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    /// <summary>Calls currently leading a flight.</summary>
    public int InFlight => _flights.Count;

    /// <summary>Live keys in the index.</summary>
    public int IndexedKeys => _index.Count;

    /// <summary>Completes once the index of stored entries has been read (lookups wait for it).</summary>
    public Task Ready => _indexLoad;

    /// <summary>
    /// Finds the answer for <paramref name="key"/>. With <paramref name="read"/>, answers from the cache, or waits
    /// for an identical call in flight and answers from its entry. With <paramref name="lead"/>, a call that found
    /// nothing becomes the flight others wait for; it must then end with <see cref="Complete"/>.
    /// </summary>
    public async ValueTask<CacheLookup> LookupAsync(CacheKey key, bool read, bool lead, CancellationToken cancellationToken)
    {
        bool coalesce = _policy.Options.Coalesce;
        for (int round = 0; ; round++)
        {
            if (read && await TryGetAsync(key, cancellationToken) is { } entry)
            {
                return new CacheLookup { Entry = entry };
            }

            if (!coalesce)
            {
                return default;
            }

            if (lead)
            {
                var flight = new CacheFlight(key);
                if (_flights.TryAdd(key, flight))
                {
                    // The previous flight may have stored the answer between the read and TryAdd.
                    CacheEntry? stored;
                    try
                    {
                        stored = read ? await TryGetAsync(key, cancellationToken) : null;
                    }
                    catch
                    {
                        Complete(flight, null);
                        throw;
                    }

                    if (stored is not null)
                    {
                        Complete(flight, stored);
                        return new CacheLookup { Entry = stored };
                    }

                    return new CacheLookup { Flight = flight };
                }
            }

            if (!read)
            {
                return default; // a refresh does not wait for others: it goes upstream
            }

            if (!_flights.TryGetValue(key, out CacheFlight? leader))
            {
                if (lead && round < 3)
                {
                    continue; // the flight ended between TryAdd and TryGetValue: look again
                }

                return default;
            }

            CacheEntry? shared = await WaitAsync(leader, cancellationToken);
            return shared is null ? default : new CacheLookup { Entry = shared, Coalesced = true };
        }
    }

    /// <summary>Ends a flight: the waiting calls get <paramref name="entry"/>, or go upstream themselves when it is null.</summary>
    public void Complete(CacheFlight flight, CacheEntry? entry)
    {
        _flights.TryRemove(KeyValuePair.Create(flight.Key, flight));
        flight.Result.TrySetResult(entry);
    }

    /// <summary>Keeps an entry: in the index and the memory front at once, in the store shortly after.</summary>
    public void Store(CacheEntry entry)
    {
        _unwritten[entry.Key] = entry;
        _index[entry.Key] = entry.ExpiresAt.ToUnixTimeMilliseconds();
        _memory.Set(entry);
        if (!_writes.Writer.TryWrite(entry))
        {
            _unwritten.TryRemove(KeyValuePair.Create(entry.Key, entry));
            if (Volatile.Read(ref _disposed) == 0)
            {
                CacheLog.WriteQueueFull(_logger, entry.Key.ToString());
            }
        }
    }

    /// <summary>Removes the entries the filter selects, from the store and from memory; returns how many the store held.</summary>
    public async Task<int> ClearAsync(CacheClearFilter filter, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        IReadOnlyList<CacheKey> removed = await _store.ClearAsync(filter, cancellationToken);
        foreach (CacheKey key in removed)
        {
            _index.TryRemove(key, out _);
            _memory.Remove(key);
        }

        foreach (CacheKey key in _memory.RemoveWhere(filter.Matches))
        {
            _index.TryRemove(key, out _);
        }

        CacheLog.Cleared(_logger, removed.Count, filter.Operation ?? "any", filter.CreatedBefore?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "any time");
        _changes.Publish(Sharing.SharedTopics.CacheCleared, $"{filter.Operation}\n{filter.CreatedBefore?.ToUnixTimeMilliseconds()}");
        return removed.Count;
    }

    /// <summary>Another instance cleared entries of the shared store: forgets what this one holds of them.</summary>
    public async Task ApplyRemoteClearAsync(string? detail, CancellationToken cancellationToken)
    {
        string[] parts = (detail ?? "").Split('\n');
        var filter = new CacheClearFilter
        {
            Operation = parts[0].Length == 0 ? null : parts[0],
            CreatedBefore = parts.Length > 1 && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out long before) ? DateTimeOffset.FromUnixTimeMilliseconds(before) : null,
        };
        foreach (CacheKey key in _memory.RemoveWhere(filter.Matches))
        {
            _index.TryRemove(key, out _);
        }

        await ReloadIndexAsync(cancellationToken);
    }

    /// <summary>Another instance stored entries in the shared store: "key:expiresMs" items, comma-separated.</summary>
    public void ApplyRemoteStore(string? detail)
    {
        foreach (string item in (detail ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon == CacheKey.Length * 2 && long.TryParse(item.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out long expiresMs))
            {
                CacheKey key = CacheKey.FromBytes(Convert.FromHexString(item.AsSpan(0, colon)));
                _index[key] = expiresMs;
                _memory.Remove(key); // a newer answer than the one held here
            }
        }
    }

    /// <summary>
    /// Rereads which keys the store holds (with a shared store, the backstop for changes whose notice was missed): new
    /// keys are added, keys the store no longer has are forgotten, with their memory entries.
    /// </summary>
    public async Task ReloadIndexAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<CacheIndexEntry> live = await _store.LoadIndexAsync(_time.GetUtcNow(), cancellationToken);
        var present = new HashSet<CacheKey>(live.Count);
        foreach (CacheIndexEntry e in live)
        {
            present.Add(e.Key);
            _index[e.Key] = e.ExpiresAt.ToUnixTimeMilliseconds();
        }

        foreach (var (key, expiresMs) in _index)
        {
            if (!present.Contains(key) && !_unwritten.ContainsKey(key))
            {
                Forget(key, expiresMs);
            }
        }
    }

    /// <summary>Hits, misses and savings over <paramref name="period"/> (24h, 7d, 30d, all), live entries by operation, and this process's memory.</summary>
    public async Task<CacheStatsReport> StatsAsync(string period, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset? since = ReportPeriod.Since(period, now);
        IReadOnlyList<CacheOperationStats> rows = await _store.StatsAsync(since, now, cancellationToken);
        CacheOperationStats totals = rows.Aggregate(new CacheOperationStats { Operation = "(all)" }, (sum, row) => sum.Plus(row));
        return new CacheStatsReport
        {
            Period = period.ToLowerInvariant(),
            Since = since,
            Until = now,
            Totals = totals,
            Operations = rows,
            Memory = new CacheMemoryStats
            {
                Entries = _memory.Count,
                Bytes = _memory.Bytes,
                MaxBytes = _memory.MaxBytes,
                IndexedKeys = _index.Count,
                InFlight = _flights.Count,
                Waiting = Waiting,
            },
        };
    }

    /// <summary>Waits until every entry stored before the call is written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _writes.Writer.WriteAsync(marker, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return;
        }

        await marker.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes what is queued and stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _writer;
            return;
        }

        _writes.Writer.TryComplete();
        await _writer;
        try
        {
            await _indexLoad;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async ValueTask<CacheEntry?> TryGetAsync(CacheKey key, CancellationToken cancellationToken)
    {
        if (!_indexLoad.IsCompleted)
        {
            await _indexLoad.WaitAsync(cancellationToken);
        }

        if (!_index.TryGetValue(key, out long expiresMs))
        {
            return null;
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (expiresMs <= now.ToUnixTimeMilliseconds())
        {
            Forget(key, expiresMs);
            return null;
        }

        CacheEntry? entry = _memory.Get(key);
        if (entry is null && _unwritten.TryGetValue(key, out CacheEntry? queued))
        {
            entry = queued;
        }

        if (entry is null)
        {
            try
            {
                entry = await _store.GetAsync(key, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CacheLog.ReadFailed(_logger, key.ToString(), ex);
                return null;
            }

            if (entry is null)
            {
                Forget(key, expiresMs);
                return null;
            }

            _memory.Set(entry);
        }

        if (entry.IsExpired(now))
        {
            Forget(key, expiresMs);
            return null;
        }

        return entry;
    }

    private async Task<CacheEntry?> WaitAsync(CacheFlight leader, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return await leader.Result.Task.WaitAsync(_policy.CoalesceWait, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            CacheLog.CoalesceWaitExpired(_logger, _policy.CoalesceWait.TotalSeconds, leader.Key.ToString());
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private void Forget(CacheKey key, long expiresMs)
    {
        if (_index.TryRemove(KeyValuePair.Create(key, expiresMs)))
        {
            _memory.Remove(key);
        }
    }

    private async Task LoadIndexAsync()
    {
        try
        {
            IReadOnlyList<CacheIndexEntry> live = await _store.LoadIndexAsync(_time.GetUtcNow(), CancellationToken.None);
            foreach (CacheIndexEntry e in live)
            {
                _index.TryAdd(e.Key, e.ExpiresAt.ToUnixTimeMilliseconds());
            }

            CacheLog.IndexLoaded(_logger, live.Count);
        }
        catch (Exception ex)
        {
            CacheLog.IndexLoadFailed(_logger, ex);
        }
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<CacheEntry>(MaxBatch);
        var flushed = new List<TaskCompletionSource>();
        ChannelReader<object> reader = _writes.Reader;
        await PurgeAsync();
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out object? item))
            {
                if (item is CacheEntry entry)
                {
                    batch.Add(entry);
                }
                else if (item is TaskCompletionSource marker)
                {
                    flushed.Add(marker);
                }
            }

            if (batch.Count > 0)
            {
                try
                {
                    await _store.WriteAsync(batch, CancellationToken.None);
                    if (_changes.IsShared)
                    {
                        foreach (CacheEntry[] chunk in batch.Chunk(80))
                        {
                            _changes.Publish(Sharing.SharedTopics.CacheStored, string.Join(',', chunk.Select(e => $"{e.Key}:{e.ExpiresAt.ToUnixTimeMilliseconds()}")));
                        }
                    }
                }
                catch (Exception ex)
                {
                    CacheLog.WriteFailed(_logger, batch.Count, ex);
                }
                finally
                {
                    foreach (CacheEntry written in batch)
                    {
                        _unwritten.TryRemove(KeyValuePair.Create(written.Key, written));
                    }
                }

                batch.Clear();
            }

            if (_time.GetUtcNow() - _lastPurge >= PurgeInterval)
            {
                await PurgeAsync();
            }

            foreach (TaskCompletionSource marker in flushed)
            {
                marker.TrySetResult();
            }

            flushed.Clear();
        }
    }

    private async Task PurgeAsync()
    {
        _lastPurge = _time.GetUtcNow();
        long nowMs = _lastPurge.ToUnixTimeMilliseconds();
        foreach (var (key, expiresMs) in _index)
        {
            if (expiresMs <= nowMs)
            {
                Forget(key, expiresMs); // keys nobody asked for again would otherwise stay in memory
            }
        }

        try
        {
            int removed = await _store.DeleteExpiredAsync(_lastPurge, CancellationToken.None);
            if (removed > 0)
            {
                CacheLog.Purged(_logger, removed);
            }
        }
        catch (Exception ex)
        {
            CacheLog.PurgeFailed(_logger, ex);
        }
    }
}
