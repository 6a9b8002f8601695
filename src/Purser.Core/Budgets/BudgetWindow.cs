namespace Purser.Budgets;

/// <summary>The period a budget's spend is counted over, calendar-aligned in the configured time zone.</summary>
internal enum BudgetWindow
{
    /// <summary>From local midnight to the next local midnight.</summary>
    Daily,

    /// <summary>From local midnight of the first day of the week (Monday by default) for seven local days.</summary>
    Weekly,

    /// <summary>From local midnight of the first of the month to the first of the next month.</summary>
    Monthly,

    /// <summary>Never resets.</summary>
    Total,
}
