namespace Purser.Caching;

/// <summary>A cacheable call on its way upstream that identical calls wait for (request coalescing).</summary>
internal sealed class CacheFlight(CacheKey key)
{
    public CacheKey Key { get; } = key;

    /// <summary>Completes with the stored entry, or null when the call's answer was not cached.</summary>
    internal TaskCompletionSource<CacheEntry?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
