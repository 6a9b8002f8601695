namespace Purser.Budgets;

/// <summary>A shared counter as the database holds it: spend and every instance's holds, in counting units.</summary>
internal readonly record struct SharedCounterState(long Id, long Spent, long Reserved, long Unpriced);
