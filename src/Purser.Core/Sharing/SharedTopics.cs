namespace Purser.Sharing;

/// <summary>The topics of <see cref="ISharedChanges"/>.</summary>
internal static class SharedTopics
{
    /// <summary>A virtual key was created or revoked.</summary>
    public const string Keys = "keys";

    /// <summary>A stored budget was set or removed.</summary>
    public const string Budgets = "budgets";

    /// <summary>Cache entries were removed; the detail is the filter (operation, created before).</summary>
    public const string CacheCleared = "cache.clear";

    /// <summary>Cache entries were written; the detail is their keys and expiry times.</summary>
    public const string CacheStored = "cache.put";

    /// <summary>The prompt library was edited.</summary>
    public const string Prompts = "prompts";

    /// <summary>Notifications may have been missed (the listener reconnected): reread everything.</summary>
    public const string Resync = "resync";
}
