namespace Purser.Budgets;

/// <summary>How a call is served as the budgets in its scope run out (the most severe budget wins).</summary>
internal enum BudgetTier
{
    /// <summary>Plenty left: any model.</summary>
    Any,

    /// <summary>Running low: cheap models only.</summary>
    Cheap,

    /// <summary>Almost gone: the cheapest model with capped max tokens.</summary>
    Emergency,

    /// <summary>Nothing left: calls that cost anything are refused.</summary>
    Exhausted,
}
