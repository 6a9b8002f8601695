namespace Purser.Budgets;

/// <summary>A budget that applies to a call, with the scope value it applies for ("" for global).</summary>
internal readonly record struct BudgetScopeEntry(BudgetDefinition Definition, string Value)
{
    /// <summary>For a budget derived from a share (<see cref="BudgetDefinition.ShareOf"/>): the fraction of the global limit it has.</summary>
    public decimal? Share { get; init; }
}
