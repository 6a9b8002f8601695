namespace Purser.Pipeline;

/// <summary>What the exact response cache did for a call: the value of x-purser-cache and the ledger's cache_status.</summary>
internal enum CacheStatus
{
    /// <summary>The cache stage did not run (the call ended before it, or no cache is registered). Sent as "miss".</summary>
    None,

    /// <summary>The cache was looked up and had no answer; the fresh answer is stored when it qualifies.</summary>
    Miss,

    /// <summary>Answered from the cache, at no cost.</summary>
    Hit,

    /// <summary>The cache was not read: the caller asked to skip it, or the call is not cacheable (see x-purser-cache-reason).</summary>
    Bypass,

    /// <summary>Answered from a learned template (code generation), at no cost; the source generation's cost is recorded as saved.</summary>
    Template,
}
