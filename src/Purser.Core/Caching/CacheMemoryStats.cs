namespace Purser.Caching;

/// <summary>The running process's view: the memory front, the key index and the calls in flight.</summary>
internal sealed record CacheMemoryStats
{
    public long Entries { get; init; }

    public long Bytes { get; init; }

    public long MaxBytes { get; init; }

    /// <summary>Live keys the process knows (every entry it can answer without asking the database whether it exists).</summary>
    public long IndexedKeys { get; init; }

    /// <summary>Cacheable calls on their way upstream that others may wait for.</summary>
    public long InFlight { get; init; }

    /// <summary>Calls waiting for an identical call in flight.</summary>
    public long Waiting { get; init; }
}
