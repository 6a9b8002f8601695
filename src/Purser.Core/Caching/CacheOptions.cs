namespace Purser.Caching;

/// <summary><c>Purser:Cache:…</c> — the exact response cache. Durations are written as <c>90d</c>, <c>24h</c>, <c>30m</c>, <c>45s</c>.</summary>
public sealed class CacheOptions
{
    /// <summary>Whether the cache is used at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an answer is kept when its operation has no TTL of its own (default 24h).</summary>
    public string DefaultTtl { get; set; } = "24h";

    /// <summary>TTL per operation (<c>x-purser-operation</c>); <c>0</c> turns the cache off for that operation. Defaults: code_review 24h, debug and debugging (the assistant's operation) 1h, architecture 7d, embedding 30d (an embedding model gives the same vector for the same input).</summary>
    public Dictionary<string, string> OperationTtls { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["code_review"] = "24h",
        ["debug"] = "1h",
        ["debugging"] = "1h",
        ["architecture"] = "7d",
        ["embedding"] = "30d",
    };

    /// <summary>The longest any answer is kept, per-request TTLs included (default and most 90d).</summary>
    public string MaxTtl { get; set; } = "90d";

    /// <summary>Who shares entries: <c>global</c> (default), <c>key</c> (per virtual key) or <c>project</c> (per x-purser-project).</summary>
    public string Partition { get; set; } = "global";

    /// <summary>Size bound of the in-memory front over the database, in bytes of stored answers (default 64 MiB; 0 = none).</summary>
    public long MemoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Answers larger than this (serialized, bytes) are not cached (default 4 MiB).</summary>
    public long MaxEntryBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Cache sampling requests (temperature &gt; 0) without the caller opting in with <c>x-purser-cache: on</c> (default false).</summary>
    public bool CacheNonDeterministic { get; set; }

    /// <summary>Identical cacheable requests in flight at once share one upstream call (default true).</summary>
    public bool Coalesce { get; set; } = true;

    /// <summary>How long a coalesced request waits for the call it shares before going upstream itself (default 120).</summary>
    public int CoalesceWaitSeconds { get; set; } = 120;
}
