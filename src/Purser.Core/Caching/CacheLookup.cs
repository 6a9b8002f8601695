namespace Purser.Caching;

/// <summary>The outcome of <see cref="ResponseCache.LookupAsync"/>.</summary>
internal readonly record struct CacheLookup
{
    /// <summary>The answer, on a hit.</summary>
    public CacheEntry? Entry { get; init; }

    /// <summary>Set when this call leads: identical calls wait for it, so it must end with <see cref="ResponseCache.Complete"/>.</summary>
    public CacheFlight? Flight { get; init; }

    /// <summary>The hit came from an identical call that was in flight.</summary>
    public bool Coalesced { get; init; }
}
