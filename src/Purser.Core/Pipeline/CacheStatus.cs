namespace Purser.Pipeline;

/// <summary>The value of x-purser-cache.</summary>
public enum CacheStatus
{
    /// <summary>The call was not eligible for caching (or no cache is configured).</summary>
    Miss,

    Hit,

    /// <summary>The caller asked to skip the cache.</summary>
    Bypass,
}
