namespace Purser.Keys;

/// <summary>A key as the API and <c>purser keys list --json</c> show it (never the secret or its hash).</summary>
internal sealed record KeyView
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>"pk-purser-&lt;id&gt;-…".</summary>
    public required string Display { get; init; }

    public string? Project { get; init; }

    public string? Agent { get; init; }

    public string? User { get; init; }

    public string? Repository { get; init; }

    /// <summary>The model every call is mapped to, if the key maps them.</summary>
    public string? Model { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Models { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The key's own budget (named key-&lt;id&gt;), when it has one.</summary>
    public string? Budget { get; init; }

    public long? Rpm { get; init; }

    public long? Tpm { get; init; }

    public long? Rpd { get; init; }

    public long? Tpd { get; init; }

    /// <summary>Requests the key may make now under its tightest request limit (on this instance); null when it has none.</summary>
    public long? RemainingRequests { get; init; }

    /// <summary>Tokens the key may use now under its tightest token limit (on this instance); null when it has none.</summary>
    public long? RemainingTokens { get; init; }

    /// <summary>Only in the answer to a create: the key itself, shown this once.</summary>
    public string? Key { get; init; }

    public static KeyView Of(VirtualKey key, string? budget = null, string? secret = null, RateLimits.RateLimitStatus? rates = null) => new()
    {
        Id = key.Id,
        Name = key.Name,
        Display = key.Display,
        Project = key.Project,
        Agent = key.Agent,
        User = key.User,
        Repository = key.Repository,
        Model = key.Model,
        Tags = key.Tags,
        Models = key.Models,
        CreatedAt = key.CreatedAt,
        RevokedAt = key.RevokedAt,
        Budget = budget,
        Rpm = key.Limits.Rpm,
        Tpm = key.Limits.Tpm,
        Rpd = key.Limits.Rpd,
        Tpd = key.Limits.Tpd,
        RemainingRequests = rates?.Requests?.Remaining,
        RemainingTokens = rates?.Tokens?.Remaining,
        Key = secret,
    };
}
