using Purser.Keys;
using Purser.Pipeline;

namespace Purser.RateLimits;

/// <summary>The scopes a call is held to: the global limit, its key's own, and its user's, project's, agent's and tags' (a <c>*</c> entry standing in for a name without its own).</summary>
internal sealed class RateLimitScopes(RateLimitOptions options, KeyRegistry keys)
{
    public List<RateLimitScope> Of(Attribution who)
    {
        var scopes = new List<RateLimitScope>();
        if (options.Global.IsSet)
        {
            scopes.Add(new RateLimitScope("global", options.Global));
        }

        if (who.KeyId is { } keyId && keys.Find(keyId) is { Limits.IsSet: true } key)
        {
            scopes.Add(KeyService.ScopeOf(key));
        }

        Add(scopes, "user", options.Users, who.User);
        Add(scopes, "project", options.Projects, who.Project);
        Add(scopes, "agent", options.Agents, who.Agent);
        if (options.Tags.Count > 0)
        {
            foreach (string tag in who.Tags)
            {
                Add(scopes, "tag", options.Tags, tag);
            }
        }

        return scopes;
    }

    private static void Add(List<RateLimitScope> scopes, string kind, Dictionary<string, RateLimit> map, string? name)
    {
        if (name is null || map.Count == 0)
        {
            return;
        }

        if (map.TryGetValue(name, out RateLimit? limit) || map.TryGetValue(RateLimitOptions.Anyone, out limit))
        {
            scopes.Add(new RateLimitScope(kind + " " + name, limit));
        }
    }
}
