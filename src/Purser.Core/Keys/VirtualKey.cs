namespace Purser.Keys;

/// <summary>
/// A virtual key as stored: only the SHA-256 of the secret is kept. It carries default attribution and the models it
/// may call.
/// </summary>
internal sealed record VirtualKey
{
    /// <summary>The short visible id (12 hex digits), part of the key itself; recorded in the ledger as key_id.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>SHA-256 of the whole key.</summary>
    public required byte[] Hash { get; init; }

    /// <summary>Project every call is charged to (headers cannot change it).</summary>
    public string? Project { get; init; }

    public string? Agent { get; init; }

    public string? User { get; init; }

    /// <summary>Repository every call is charged to (a <c>purser run</c> session's git root).</summary>
    public string? Repository { get; init; }

    /// <summary>
    /// The model every call of the key is mapped to, whatever model it asks for (a <c>purser run</c> session's
    /// <c>--model</c>): an alias, provider/model or a catalog name; null = the model asked for.
    /// </summary>
    public string? Model { get; init; }

    /// <summary>Tags added to every call (headers may add more).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Models the key may call (names, aliases, provider/* wildcards); empty = any.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>The key's own rate limits (requests and tokens per minute and per day); none set = not limited.</summary>
    public RateLimits.RateLimit Limits { get; init; } = new();

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>How the key is shown once created: its prefix and id, never the secret.</summary>
    public string Display => VirtualKeyFormat.Prefix + Id + "-…";
}
