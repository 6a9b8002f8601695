using Purser.Pipeline;

namespace Purser.Budgets;

/// <summary>What decides a call's budgets: its attribution, its budget shares, and when it started (its window).</summary>
internal sealed record BudgetCallScope(Attribution Who, BudgetShares Shares, DateTimeOffset At);
