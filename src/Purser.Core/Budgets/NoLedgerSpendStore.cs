namespace Purser.Budgets;

/// <summary>For Purser in process without a ledger database: nothing was spent before start.</summary>
internal sealed class NoLedgerSpendStore : IBudgetSpendStore
{
    public IReadOnlyDictionary<string, long> SpendByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to) =>
        new Dictionary<string, long>(StringComparer.Ordinal);
}
