namespace Purser.Ledger;

/// <summary>
/// One append-only ledger row: one call, whatever its outcome (success, failure, blocked, cache hit).
/// Money is decimal; a null <see cref="CostUsd"/> means the price is unknown, never $0.
/// </summary>
public sealed class LedgerEntry
{
    public DateTimeOffset Timestamp { get; init; }

    public required string RequestId { get; init; }

    public string? KeyId { get; init; }

    public string? User { get; init; }

    public string? Project { get; init; }

    public string? Agent { get; init; }

    public string Operation { get; init; } = "chat";

    public string? Repository { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The model the caller asked for (an alias, provider/model or bare name).</summary>
    public string? RequestedModel { get; init; }

    public string? Provider { get; init; }

    public string? Model { get; init; }

    /// <summary>provider/model of the deployment that answered.</summary>
    public string? Deployment { get; init; }

    public long InputTokens { get; init; }

    public long CachedInputTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public long OutputTokens { get; init; }

    public long ReasoningTokens { get; init; }

    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Total cost over all attempts; null when unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>True when the tokens were counted locally (the upstream reported none).</summary>
    public bool CostEstimated { get; init; }

    /// <summary>What a cache hit saved (the cost of the answer it replayed).</summary>
    public decimal? SavedUsd { get; init; }

    /// <summary>Prompt tokens removed by compression.</summary>
    public long TokensSaved { get; init; }

    public double LatencyMs { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>HTTP status the caller got.</summary>
    public int Status { get; init; }

    /// <summary>"ok", or the error kind (timeout, connection, rate_limited, upstream_http, bad_request, budget_exceeded, guard_blocked, no_provider, …).</summary>
    public string Outcome { get; init; } = "ok";

    public string? ErrorMessage { get; init; }

    public int Attempts { get; init; }

    public bool CacheHit { get; init; }

    /// <summary>What the cache did: "hit", "miss", "bypass", or null when the cache stage did not run.</summary>
    public string? CacheOutcome { get; init; }

    /// <summary>On a cache hit, the tokens of the replayed answer (saved, not billed: the row's token counts are 0).</summary>
    public long CacheSavedTokens { get; init; }

    public bool Stream { get; init; }

    /// <summary>The inbound protocol (openai, anthropic, gemini, cli, sdk).</summary>
    public string? Protocol { get; init; }

    /// <summary>The routing rule (x-purser-route) and its reason.</summary>
    public string? Route { get; init; }

    public string? RouteReason { get; init; }

    /// <summary>The budget tier the call ran under, when budgets apply.</summary>
    public string? BudgetTier { get; init; }

    /// <summary>
    /// With budgets shared by several instances (PostgreSQL): the call's settlement of the shared budget counters,
    /// applied in the transaction that writes this row (and skipped with it when the row is already there).
    /// </summary>
    public Budgets.BudgetSettlement? Settlement { get; init; }

    /// <summary>What the secret guard did ("redact; 1 openai_key in messages[0]"), when it found anything; never a secret.</summary>
    public string? Guard { get; init; }

    /// <summary>Every attempt of the call, in order.</summary>
    public IReadOnlyList<LedgerAttempt> AttemptDetails { get; init; } = [];
}
