namespace Purser.Budgets;

/// <summary>One budget value's status row, as the admin API and the CLI show it (read under the tracker's lock).</summary>
internal static class BudgetStatusRow
{
    /// <param name="counter">The value's counter in its current window.</param>
    /// <param name="perValueTemplate">The row of a per-value budget no value has used yet (no value shown).</param>
    /// <param name="tiers">The tiers, for a hard budget's current tier.</param>
    /// <param name="levels">The alert levels, for the next one.</param>
    /// <param name="dynamicChild">Whether the budget's limit is allocated from its parent's.</param>
    public static BudgetStatus Of(BudgetCounter counter, bool perValueTemplate, BudgetTiers tiers, BudgetAlertLevels levels, bool dynamicChild)
    {
        BudgetDefinition d = counter.Definition;
        decimal percent = counter.Limit > 0 ? Math.Round(counter.Spent * 100m / counter.Limit, 2) : counter.Spent > 0 ? 100 : 0;
        return new BudgetStatus
        {
            Name = d.Name,
            Scope = d.Scope.ToString().ToLowerInvariant(),
            Match = d.Match,
            Value = d.Scope == BudgetScope.Global || perValueTemplate ? null : counter.Value,
            Window = d.Window.ToString().ToLowerInvariant(),
            Unit = d.Unit.Name(),
            Mode = d.Mode.ToString().ToLowerInvariant(),
            Limit = BudgetAmounts.FromUnits(counter.Limit, d.Unit),
            Spent = BudgetAmounts.FromUnits(counter.Spent, d.Unit),
            Reserved = BudgetAmounts.FromUnits(counter.Reserved + counter.ReservedElsewhere, d.Unit),
            Remaining = BudgetAmounts.FromUnits(Math.Max(0, counter.Available), d.Unit),
            PercentUsed = percent,
            Tier = d.IsHard ? tiers.Of(counter).ToString().ToLowerInvariant() : "soft",
            NextAlertLevel = levels.Next(counter, percent),
            WindowStart = counter.Period.Start,
            ResetsAt = counter.Period.End,
            AllocatedFrom = dynamicChild ? d.Parent : d.ShareOf,
            Share = counter.Share,
            UnpricedCalls = counter.UnpricedCalls,
            Source = d.Source switch { BudgetSource.Configuration => "configuration", BudgetSource.Store => "store", _ => "derived" },
        };
    }
}
