namespace Purser.Budgets;

/// <summary>A validated budget: what it counts, over which window, up to which limit, and how it behaves.</summary>
internal sealed record BudgetDefinition
{
    /// <summary>Each value of the scope gets its own budget (Match "*").</summary>
    public const string EachValue = "*";

    public required string Name { get; init; }

    public BudgetScope Scope { get; init; }

    /// <summary>The scope value (project name, key id, …); null for global; "*" for every value.</summary>
    public string? Match { get; init; }

    public BudgetWindow Window { get; init; } = BudgetWindow.Daily;

    public BudgetUnit Unit { get; init; } = BudgetUnit.Usd;

    /// <summary>The limit in dollars or tokens (0 for a dynamic child without a cap).</summary>
    public decimal Limit { get; init; }

    public string? Plan { get; init; }

    public BudgetMode Mode { get; init; } = BudgetMode.Hard;

    public string? Parent { get; init; }

    public BudgetAllocation Allocation { get; init; } = BudgetAllocation.Fixed;

    /// <summary>Null: the Purser:Budgets:Tiers default.</summary>
    public BudgetThreshold? CheapBelow { get; init; }

    /// <summary>Null: the Purser:Budgets:Tiers default.</summary>
    public BudgetThreshold? EmergencyBelow { get; init; }

    /// <summary>Null: the Purser:Alerts:Levels default.</summary>
    public IReadOnlyList<int>? Alerts { get; init; }

    public BudgetSource Source { get; init; } = BudgetSource.Configuration;

    /// <summary>
    /// For a budget derived from a global one by the cascade's budget shares (<see cref="BudgetShares"/>): that global
    /// budget's name. Its values are projects (scope project) or "project/agent" (scope agent).
    /// </summary>
    public string? ShareOf { get; init; }

    public bool IsHard => Mode == BudgetMode.Hard;

    public bool IsPerValue => Match == EachValue;

    /// <summary>The limit in counting units (pico-dollars or tokens).</summary>
    public long LimitUnits => BudgetAmounts.ToUnits(Limit, Unit);

    /// <summary>
    /// Whether <paramref name="other"/> counts the same calls the same way (so its spend so far carries over):
    /// same scope, match, window and unit.
    /// </summary>
    public bool CountsLike(BudgetDefinition other) =>
        Scope == other.Scope && string.Equals(Match, other.Match, StringComparison.Ordinal) && Window == other.Window && Unit == other.Unit;

    /// <summary>How the budget counts (scope, value, window, unit, share): a shared counter belongs to one way of counting.</summary>
    public (BudgetScope Scope, string? Match, BudgetWindow Window, BudgetUnit Unit, string? ShareOf) Counts => (Scope, Match, Window, Unit, ShareOf);

    /// <summary><see cref="Counts"/> as the text stored with a shared counter.</summary>
    public string CountsSignature
    {
        get
        {
            (BudgetScope scope, string? match, BudgetWindow window, BudgetUnit unit, string? shareOf) = Counts;
            return $"{scope}|{match}|{window}|{unit}|{shareOf}";
        }
    }

    /// <summary>"project alpha", "every user", "global".</summary>
    public string ScopeText => Scope switch
    {
        _ when ShareOf is not null => $"share of '{ShareOf}' per {(Scope == BudgetScope.Agent ? "project and agent" : "project")}",
        BudgetScope.Global => "global",
        _ when IsPerValue => "each " + Scope.ToString().ToLowerInvariant(),
        _ => Scope.ToString().ToLowerInvariant() + " " + Match,
    };

    /// <summary>The item as written in configuration / the API.</summary>
    public BudgetItemOptions ToOptions() => new()
    {
        Scope = Scope.ToString().ToLowerInvariant(),
        Match = Match,
        Window = Window.ToString().ToLowerInvariant(),
        Unit = Unit.Name(),
        Limit = Plan is null ? Limit : null,
        Plan = Plan,
        Mode = Mode.ToString().ToLowerInvariant(),
        Parent = Parent,
        Allocation = Allocation == BudgetAllocation.Fixed ? null : "dynamic",
        CheapBelow = CheapBelow?.ToString(),
        EmergencyBelow = EmergencyBelow?.ToString(),
        Alerts = Alerts is null ? null : [.. Alerts],
    };
}
