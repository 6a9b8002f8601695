namespace Purser.Caching;

/// <summary>A live entry as the in-memory index knows it: its key and when it expires.</summary>
internal readonly record struct CacheIndexEntry(CacheKey Key, DateTimeOffset ExpiresAt);
