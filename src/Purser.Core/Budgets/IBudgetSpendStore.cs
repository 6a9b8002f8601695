namespace Purser.Budgets;

/// <summary>Spend as the ledger records it, for rebuilding budgets at start and for dynamic allocation (off the hot path).</summary>
internal interface IBudgetSpendStore
{
    /// <summary>
    /// What the calls a budget counts cost in [<paramref name="from"/>, <paramref name="to"/>) (to null: no end), in
    /// counting units (pico-dollars, or tokens of calls not served from cache), per scope value ("" for global).
    /// </summary>
    IReadOnlyDictionary<string, long> SpendByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to);

    /// <summary>
    /// How many calls a dollar budget counts in [<paramref name="from"/>, <paramref name="to"/>) had tokens but no known
    /// cost, per scope value: what a soft budget reports as unpriced rather than charging $0. By default none.
    /// </summary>
    IReadOnlyDictionary<string, long> UnpricedCallsByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to) =>
        new Dictionary<string, long>(StringComparer.Ordinal);
}
