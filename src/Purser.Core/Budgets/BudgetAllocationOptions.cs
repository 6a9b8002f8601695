namespace Purser.Budgets;

/// <summary><c>Purser:Budgets:Allocation</c>: how dynamic parents share their limit.</summary>
public sealed class BudgetAllocationOptions
{
    /// <summary>How often shares are recomputed, in minutes. Default 60.</summary>
    public int IntervalMinutes { get; set; } = 60;

    /// <summary>How far back "recent usage" looks, in days. Default 7.</summary>
    public int LookbackDays { get; set; } = 7;

    /// <summary>The share of the parent's limit every child gets whatever its usage (0-1, split equally). Default 0.05 each.</summary>
    public decimal MinShare { get; set; } = 0.05m;
}
