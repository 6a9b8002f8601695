namespace Purser.Budgets;

/// <summary>How a parent budget's limit is shared among the budgets that name it as their parent.</summary>
internal enum BudgetAllocation
{
    /// <summary>Children keep their own limits (the default).</summary>
    Fixed,

    /// <summary>The parent's limit is split among its children by their recent usage, recomputed on a schedule.</summary>
    Dynamic,
}
