namespace Purser.Keys;

/// <summary>Keys kept in memory only (Purser in process without a database).</summary>
internal sealed class InMemoryKeyStore : IKeyStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, VirtualKey> _keys = new(StringComparer.Ordinal);

    public IReadOnlyList<VirtualKey> List()
    {
        lock (_lock)
        {
            return [.. _keys.Values];
        }
    }

    public void Insert(VirtualKey key)
    {
        lock (_lock)
        {
            _keys.Add(key.Id, key);
        }
    }

    public bool Revoke(string id, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(id, out VirtualKey? key) || key.IsRevoked)
            {
                return false;
            }

            _keys[id] = key with { RevokedAt = at };
            return true;
        }
    }
}
