namespace Purser.Budgets;

/// <summary>A budget that applies to a call, with the scope value it applies for ("" for global).</summary>
public readonly record struct BudgetScopeEntry(BudgetDefinition Definition, string Value);
