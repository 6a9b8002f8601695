namespace Purser.Budgets;

/// <summary>Budgets managed through the API and CLI (configuration budgets are not stored).</summary>
internal interface IBudgetStore
{
    IReadOnlyList<KeyValuePair<string, BudgetItemOptions>> List();

    void Upsert(string name, BudgetItemOptions item);

    /// <summary>False when there was no such budget.</summary>
    bool Delete(string name);
}
