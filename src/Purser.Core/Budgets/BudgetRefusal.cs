namespace Purser.Budgets;

/// <summary>Why a call was refused: the budget without room, as it stood.</summary>
internal sealed record BudgetRefusal(
    string Budget,
    string ScopeText,
    BudgetWindow Window,
    BudgetUnit Unit,
    long Limit,
    long Spent,
    long Reserved,
    long Needed,
    DateTimeOffset? ResetsAt);
