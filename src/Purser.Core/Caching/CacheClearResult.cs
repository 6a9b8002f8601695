namespace Purser.Caching;

/// <summary>The answer of a cache clear.</summary>
public sealed record CacheClearResult(int Removed);
