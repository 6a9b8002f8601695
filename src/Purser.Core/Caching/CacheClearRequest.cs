namespace Purser.Caching;

/// <summary>The body of POST /api/cache/clear: both fields optional.</summary>
internal sealed record CacheClearRequest(string? Operation, string? OlderThan);
