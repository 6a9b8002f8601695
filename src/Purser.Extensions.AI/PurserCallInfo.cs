namespace Purser.Extensions.AI;

/// <summary>What Purser did with a call: its id in the ledger, where it went, what it cost, whether the cache answered.</summary>
public sealed record PurserCallInfo
{
    /// <summary>The ledger's request id (<c>req_…</c>).</summary>
    public required string RequestId { get; init; }

    /// <summary>The deployment that answered (<c>provider/model</c>); null when the cache did or nothing did.</summary>
    public string? ServedBy { get; init; }

    /// <summary>The routing rule that chose it (explicit, alias:…, auto:…); null when the call was refused before routing.</summary>
    public string? Route { get; init; }

    /// <summary>What the call cost over all its attempts, in USD; null when a model had no price.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>What a cache hit saved, in USD.</summary>
    public decimal? SavedUsd { get; init; }

    /// <summary>none, miss, hit, bypass or template.</summary>
    public required string Cache { get; init; }

    /// <summary>The budget tier the call ran under, when budgets apply.</summary>
    public string? BudgetTier { get; init; }

    /// <summary>What the secret guard did (its action and the kinds it found, never a value); null when it found nothing.</summary>
    public string? Guard { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
