namespace Purser.Sharing;

/// <summary>
/// Tells the other instances on the same database that shared state changed (a key revoked, a budget changed, the cache
/// cleared, a prompt edited), and hears what they say. PostgreSQL: LISTEN/NOTIFY. Alone (SQLite): nobody listens.
/// Delivery is best effort: <see cref="SharedStateSync"/> also rereads on a timer.
/// </summary>
internal interface ISharedChanges
{
    /// <summary>Whether other instances can be on the same database (changes come from elsewhere).</summary>
    bool IsShared { get; }

    /// <summary>Raised for every change another instance published (never for this one's own).</summary>
    event Action<SharedChange>? Received;

    /// <summary>Says that <paramref name="topic"/> changed; returns without waiting for delivery.</summary>
    void Publish(string topic, string? detail = null);
}
