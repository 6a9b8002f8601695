namespace Purser.Caching;

/// <summary>The answer of a cache clear.</summary>
internal sealed record CacheClearResult(int Removed);
