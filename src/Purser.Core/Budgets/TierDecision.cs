namespace Purser.Budgets;

/// <summary>The tier a call runs under and the budget that set it (null when no hard budget limits it).</summary>
internal readonly record struct TierDecision(BudgetTier Tier, string? Budget, long Available, BudgetUnit Unit);
