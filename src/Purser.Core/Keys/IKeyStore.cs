namespace Purser.Keys;

/// <summary>Where virtual keys are kept (hashes only).</summary>
internal interface IKeyStore
{
    IReadOnlyList<VirtualKey> List();

    void Insert(VirtualKey key);

    /// <summary>Marks a key revoked; false when there is no such key or it was already revoked.</summary>
    bool Revoke(string id, DateTimeOffset at);
}
