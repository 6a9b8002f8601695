namespace Purser.Caching;

/// <summary>
/// What the caller asked of the exact response cache, from <c>Cache-Control</c>, <c>x-purser-cache</c> and
/// <c>x-purser-cache-ttl</c>. The default asks nothing: read and write as the configuration allows.
/// </summary>
internal readonly record struct CacheDirectives
{
    /// <summary>Do not answer from the cache (<c>Cache-Control: no-cache</c>, <c>x-purser-cache: off|refresh</c>).</summary>
    public bool NoRead { get; init; }

    /// <summary>Do not store the answer (<c>Cache-Control: no-store</c>, <c>x-purser-cache: off</c>).</summary>
    public bool NoWrite { get; init; }

    /// <summary>Cache this call even though it samples (temperature &gt; 0): <c>x-purser-cache: on</c>.</summary>
    public bool AllowNonDeterministic { get; init; }

    /// <summary>How long to keep this answer (<c>x-purser-cache-ttl</c>), capped at the configured maximum.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>Neither read nor write.</summary>
    public bool Off => NoRead && NoWrite;
}
