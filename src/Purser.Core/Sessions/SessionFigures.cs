namespace Purser.Sessions;

/// <summary>The sums over a session's ledger rows (the rows whose key_id is the session's key).</summary>
internal sealed record SessionFigures
{
    /// <summary>Every call, whatever its outcome.</summary>
    public long Calls { get; init; }

    /// <summary>Calls that failed or were refused.</summary>
    public long Errors { get; init; }

    /// <summary>Calls refused because a budget ran out (budget_exceeded).</summary>
    public long BudgetRefusals { get; init; }

    /// <summary>The gateway's message for the latest call refused by a budget (what it could have cost, what was left); null when none was.</summary>
    public string? LastRefusal { get; init; }

    /// <summary>Prompt tokens, cached ones included.</summary>
    public long InputTokens { get; init; }

    public long CachedTokens { get; init; }

    public long OutputTokens { get; init; }

    public long ReasoningTokens { get; init; }

    public decimal CostUsd { get; init; }

    /// <summary>Calls with tokens but no price: their cost is not in <see cref="CostUsd"/>.</summary>
    public long UnknownCostCalls { get; init; }

    public long CacheHits { get; init; }

    /// <summary>What answers from the response cache would have cost.</summary>
    public decimal CacheSavedUsd { get; init; }

    public long CacheSavedTokens { get; init; }

    /// <summary>Calls answered from learned templates.</summary>
    public long TemplateHits { get; init; }

    public decimal TemplateSavedUsd { get; init; }

    /// <summary>The calls per model that served them, most expensive first.</summary>
    public IReadOnlyList<SessionModelFigures> ByModel { get; init; } = [];
}
