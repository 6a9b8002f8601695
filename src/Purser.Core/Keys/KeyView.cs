namespace Purser.Keys;

/// <summary>A key as the API and <c>purser keys list --json</c> show it (never the secret or its hash).</summary>
public sealed record KeyView
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

    /// <summary>Only in the answer to a create: the key itself, shown this once.</summary>
    public string? Key { get; init; }

    public static KeyView Of(VirtualKey key, string? budget = null, string? secret = null) => new()
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
        Key = secret,
    };
}
