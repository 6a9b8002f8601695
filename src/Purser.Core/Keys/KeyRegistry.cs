using Purser.Pipeline;

namespace Purser.Keys;

/// <summary>
/// Virtual keys in memory for the request path. Loaded from the store once, reloaded when asked (the gateway does so
/// every few seconds, to see keys created or revoked by the CLI) and — at most once a second — when a well-formed key
/// with an unknown id is presented.
/// </summary>
/// <param name="store">Where keys are kept.</param>
/// <param name="time">The clock.</param>
/// <param name="changes">With a database other instances share: where a key created or revoked here is announced.</param>
internal sealed class KeyRegistry(IKeyStore store, TimeProvider time, Sharing.ISharedChanges? changes = null)
{
    private static readonly TimeSpan MissReloadInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _reloadLock = new();
    private Dictionary<string, VirtualKey>? _byId;
    private DateTimeOffset _loadedAt;

    /// <summary>Checks a presented key: its id finds the stored hash, which is compared in constant time.</summary>
    public KeyCheck Check(string? presented)
    {
        if (!VirtualKeyFormat.TryParseId(presented, out string id))
        {
            return new KeyCheck(VirtualKeyFormat.LooksLikeVirtualKey(presented) ? KeyCheckOutcome.Invalid : KeyCheckOutcome.NotAVirtualKey, null);
        }

        Dictionary<string, VirtualKey> keys = Keys();
        if (!keys.TryGetValue(id, out VirtualKey? key))
        {
            lock (_reloadLock)
            {
                if (time.GetUtcNow() - _loadedAt >= MissReloadInterval)
                {
                    Reload();
                }
            }

            if (!Keys().TryGetValue(id, out key))
            {
                return new KeyCheck(KeyCheckOutcome.Invalid, null);
            }
        }

        if (!VirtualKeyFormat.Matches(presented!, key.Hash))
        {
            return new KeyCheck(KeyCheckOutcome.Invalid, null);
        }

        return key.IsRevoked ? new KeyCheck(KeyCheckOutcome.Revoked, key) : new KeyCheck(KeyCheckOutcome.Valid, key);
    }

    public CreatedKey Create(NewKey request)
    {
        (string id, string secret) = VirtualKeyFormat.Generate();
        var key = new VirtualKey
        {
            Id = id,
            Name = request.Name,
            Hash = VirtualKeyFormat.Hash(secret),
            Project = request.Project,
            Agent = request.Agent,
            User = request.User,
            Repository = request.Repository,
            Model = request.Model,
            Tags = request.Tags,
            Models = request.Models,
            Limits = request.Limits,
            CreatedAt = time.GetUtcNow(),
        };
        store.Insert(key);
        Reload();
        changes?.Publish(Sharing.SharedTopics.Keys);
        return new CreatedKey(key, secret);
    }

    /// <summary>Revokes a key by id; null when there is no such key.</summary>
    public VirtualKey? Revoke(string id)
    {
        store.Revoke(id, time.GetUtcNow());
        Reload();
        changes?.Publish(Sharing.SharedTopics.Keys);
        return Keys().GetValueOrDefault(id);
    }

    public IReadOnlyList<VirtualKey> List() => [.. Keys().Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];

    public VirtualKey? Find(string id) => Keys().GetValueOrDefault(id);

    /// <summary>Rereads every key from the store.</summary>
    public void Reload()
    {
        var keys = store.List().ToDictionary(k => k.Id, StringComparer.Ordinal);
        Volatile.Write(ref _byId, keys);
        _loadedAt = time.GetUtcNow();
    }

    /// <summary>
    /// Charges calls made with <paramref name="key"/> to the key: its id and name, and its project, agent, user and
    /// repository where it sets them (headers cannot move a call out of its key's project); its tags are added to the
    /// call's own; a key that maps models routes every call to its model.
    /// </summary>
    public static void Apply(PurserContext context, VirtualKey key)
    {
        Attribution who = context.Attribution;
        who.KeyId = key.Id;
        who.KeyName = key.Name;
        if (key.Project is not null)
        {
            who.Project = key.Project;
            who.ProjectBound = true;
        }

        who.Agent = key.Agent ?? who.Agent;
        who.User = key.User ?? who.User;
        who.Repository = key.Repository ?? who.Repository;
        if (key.Tags.Count > 0)
        {
            who.Tags = [.. key.Tags.Concat(who.Tags).Distinct(StringComparer.Ordinal)];
        }

        if (key.Models.Count > 0)
        {
            context.AllowedModels = key.Models;
        }

        context.MappedModel = key.Model;
    }

    private Dictionary<string, VirtualKey> Keys()
    {
        Dictionary<string, VirtualKey>? keys = Volatile.Read(ref _byId);
        if (keys is not null)
        {
            return keys;
        }

        lock (_reloadLock)
        {
            if (Volatile.Read(ref _byId) is null)
            {
                Reload();
            }
        }

        return Volatile.Read(ref _byId)!;
    }
}
