namespace Purser.Calls;

/// <summary>
/// Which ledger rows a call list shows; every field is optional and they combine with AND. Used by
/// <c>GET /api/calls</c> and the dashboard's calls page alike.
/// </summary>
internal sealed record CallFilter
{
    /// <summary>A bare model name (gpt-4o) or a deployment (openai/gpt-4o).</summary>
    public string? Model { get; init; }

    public string? Provider { get; init; }

    public string? Project { get; init; }

    public string? Agent { get; init; }

    /// <summary>A virtual key's id.</summary>
    public string? Key { get; init; }

    /// <summary>"ok", "error" (any failure or refusal), or one error kind (timeout, rate_limited, budget_exceeded, …).</summary>
    public string? Status { get; init; }

    /// <summary>The routing rule exactly as x-purser-route gave it.</summary>
    public string? Route { get; init; }

    /// <summary>hit, miss, bypass, or none (the cache stage did not run).</summary>
    public string? Cache { get; init; }

    /// <summary>Calls at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Calls before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The values <see cref="Cache"/> accepts.</summary>
    public static readonly IReadOnlyList<string> CacheValues = ["hit", "miss", "bypass", "none"];

    public bool IsEmpty => this == new CallFilter();
}
