namespace Purser.Caching;

/// <summary>What the lookup stage decided for a call, kept in <c>PurserContext.Items</c> for the store stage.</summary>
internal sealed class CacheCall(CacheKey key, string partition, TimeSpan ttl, bool canWrite)
{
    public static readonly object ItemKey = new();

    public CacheKey Key { get; } = key;

    public string Partition { get; } = partition;

    public TimeSpan Ttl { get; } = ttl;

    /// <summary>Whether the answer may be stored (not <c>no-store</c>).</summary>
    public bool CanWrite { get; } = canWrite;

    /// <summary>Set when this call leads identical calls in flight; the store stage ends it.</summary>
    public CacheFlight? Flight { get; set; }
}
