namespace Purser.Budgets;

internal enum BudgetMode
{
    /// <summary>Never overshot: calls are reserved against it, downgraded by tier as it runs out, and refused when it has no room.</summary>
    Hard,

    /// <summary>Only counted and alerted on.</summary>
    Soft,
}
