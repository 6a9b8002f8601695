namespace Purser.Pipeline;

/// <summary>Helpers over <see cref="CacheStatus"/>.</summary>
internal static class CacheStatusExtensions
{
    /// <summary>Answered without an upstream call (exact cache or learned template): nothing billed, nothing to count or store again.</summary>
    public static bool IsAnsweredLocally(this CacheStatus status) => status is CacheStatus.Hit or CacheStatus.Template;
}
