namespace Purser.Budgets;

/// <summary>Where a budget is defined.</summary>
internal enum BudgetSource
{
    /// <summary>The configuration file (Purser:Budgets:Items); read-only through the API and CLI.</summary>
    Configuration,

    /// <summary>The database, managed with <c>purser budget set|remove</c> and PUT/DELETE /api/budgets.</summary>
    Store,

    /// <summary>Derived by Purser from a global budget and the routing cascade's budget shares (never stored).</summary>
    Derived,
}
