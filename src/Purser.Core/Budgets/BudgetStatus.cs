namespace Purser.Budgets;

/// <summary>One budget (or one value of a per-value budget) as it stands: <c>purser budget status</c> and GET /api/budgets/status.</summary>
internal sealed record BudgetStatus
{
    public required string Name { get; init; }

    /// <summary>global, project, agent, key, user or tag.</summary>
    public required string Scope { get; init; }

    public string? Match { get; init; }

    /// <summary>The scope value this row is for (a per-value budget has one row per value seen); null for global.</summary>
    public string? Value { get; init; }

    public required string Window { get; init; }

    /// <summary>usd or tokens.</summary>
    public required string Unit { get; init; }

    /// <summary>hard or soft.</summary>
    public required string Mode { get; init; }

    /// <summary>The limit in dollars or tokens (a dynamic child's current share).</summary>
    public decimal Limit { get; init; }

    public decimal Spent { get; init; }

    /// <summary>Held by calls in flight.</summary>
    public decimal Reserved { get; init; }

    /// <summary>limit − spent − reserved, never below 0.</summary>
    public decimal Remaining { get; init; }

    public decimal PercentUsed { get; init; }

    /// <summary>any, cheap, emergency or exhausted (hard budgets); soft for soft budgets.</summary>
    public required string Tier { get; init; }

    /// <summary>The next alert level (percent) that will fire this window; null when all have fired.</summary>
    public int? NextAlertLevel { get; init; }

    public DateTimeOffset WindowStart { get; init; }

    /// <summary>When the window ends and spend starts again from 0; null for a total budget.</summary>
    public DateTimeOffset? ResetsAt { get; init; }

    /// <summary>The parent whose limit is shared out to this budget (dynamic allocation), or the global budget a share is of.</summary>
    public string? AllocatedFrom { get; init; }

    /// <summary>For a share-derived budget: the fraction of <see cref="AllocatedFrom"/>'s limit it has.</summary>
    public decimal? Share { get; init; }

    /// <summary>
    /// Calls whose cost is unknown (no price), counted apart: a soft dollar budget cannot charge them, so its spend leaves
    /// them out and says how many there were. (A hard dollar budget never admits a model without a price.)
    /// </summary>
    public long UnpricedCalls { get; init; }

    /// <summary>configuration, store, or derived (a budget share).</summary>
    public required string Source { get; init; }
}
