namespace Purser.Caching;

/// <summary>
/// The in-memory front: least-recently-used entries, bounded by the bytes of their answers (plus a fixed
/// overhead each). Adding past the bound evicts from the least recently used end; an entry larger than the
/// whole bound is not kept. Thread-safe.
/// </summary>
internal sealed class CacheMemory(long maxBytes)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<CacheKey, LinkedListNode<CacheEntry>> _map = [];
    private readonly LinkedList<CacheEntry> _order = new(); // most recent first
    private long _bytes;
    private long _evictions;

    public long MaxBytes { get; } = Math.Max(0, maxBytes);

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>Entries pushed out to respect the bound so far.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    public CacheEntry? Get(CacheKey key)
    {
        lock (_lock)
        {
            if (!_map.TryGetValue(key, out LinkedListNode<CacheEntry>? node))
            {
                return null;
            }

            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value;
        }
    }

    public bool Contains(CacheKey key)
    {
        lock (_lock)
        {
            return _map.ContainsKey(key);
        }
    }

    /// <summary>Adds or replaces an entry as the most recently used one; returns false when it is too large to keep.</summary>
    public bool Set(CacheEntry entry)
    {
        lock (_lock)
        {
            RemoveLocked(entry.Key);
            if (entry.MemorySize > MaxBytes)
            {
                return false;
            }

            _map[entry.Key] = _order.AddFirst(entry);
            _bytes += entry.MemorySize;
            while (_bytes > MaxBytes && _order.Last is { } last)
            {
                RemoveLocked(last.Value.Key);
                Interlocked.Increment(ref _evictions);
            }

            return true;
        }
    }

    public bool Remove(CacheKey key)
    {
        lock (_lock)
        {
            return RemoveLocked(key);
        }
    }

    /// <summary>Removes the entries <paramref name="match"/> selects; returns their keys.</summary>
    public IReadOnlyList<CacheKey> RemoveWhere(Func<CacheEntry, bool> match)
    {
        lock (_lock)
        {
            List<CacheKey> doomed = [.. _order.Where(match).Select(e => e.Key)];
            foreach (CacheKey key in doomed)
            {
                RemoveLocked(key);
            }

            return doomed;
        }
    }

    private bool RemoveLocked(CacheKey key)
    {
        if (!_map.Remove(key, out LinkedListNode<CacheEntry>? node))
        {
            return false;
        }

        _order.Remove(node);
        _bytes -= node.Value.MemorySize;
        return true;
    }
}
