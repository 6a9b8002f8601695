namespace Purser.RateLimits;

/// <summary>
/// <c>Purser:RateLimits</c>: request and token rates per instance. A virtual key's own limits are set on the key
/// (<c>purser keys create --rpm 60 --tpm 100000</c>); these are the others. In each map a <c>*</c> entry applies to
/// every name without its own entry, each name counted apart (every user at most 20 requests a minute).
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>One limit over every call of the instance.</summary>
    public RateLimit Global { get; set; } = new();

    /// <summary>Per user (<c>x-purser-user</c> or the key's user).</summary>
    public Dictionary<string, RateLimit> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per project.</summary>
    public Dictionary<string, RateLimit> Projects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per agent.</summary>
    public Dictionary<string, RateLimit> Agents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per tag: a call with several tags is held to each tag's limit.</summary>
    public Dictionary<string, RateLimit> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether anything at all is limited (the stage does nothing otherwise, not even a lookup).</summary>
    public bool AnyConfigured => Global.IsSet || Users.Count > 0 || Projects.Count > 0 || Agents.Count > 0 || Tags.Count > 0;

    /// <summary>The wildcard entry of a map.</summary>
    public const string Anyone = "*";

    /// <summary>Validates every limit; errors name the key.</summary>
    public void Validate(List<string> errors)
    {
        Global.Validate("Purser:RateLimits:Global", errors);
        foreach (var (section, map) in (ReadOnlySpan<(string, Dictionary<string, RateLimit>)>)[("Users", Users), ("Projects", Projects), ("Agents", Agents), ("Tags", Tags)])
        {
            foreach (var (name, limit) in map)
            {
                string key = $"Purser:RateLimits:{section}:{name}";
                if (!limit.IsSet)
                {
                    errors.Add($"{key} sets no limit (Rpm, Tpm, Rpd or Tpd).");
                }

                limit.Validate(key, errors);
            }
        }
    }
}
