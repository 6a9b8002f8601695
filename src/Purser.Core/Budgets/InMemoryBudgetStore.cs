namespace Purser.Budgets;

/// <summary>Stored budgets kept in memory only (Purser in process without a database).</summary>
internal sealed class InMemoryBudgetStore : IBudgetStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, BudgetItemOptions> _items = new(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, BudgetItemOptions>> List()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    public void Upsert(string name, BudgetItemOptions item)
    {
        lock (_lock)
        {
            _items[name] = item;
        }
    }

    public bool Delete(string name)
    {
        lock (_lock)
        {
            return _items.Remove(name);
        }
    }
}
