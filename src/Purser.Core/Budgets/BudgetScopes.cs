using Purser.Pipeline;

namespace Purser.Budgets;

/// <summary>Which budgets apply to a call, from its attribution. Values compare exactly (as the ledger stores them).</summary>
internal static class BudgetScopes
{
    public static List<BudgetScopeEntry> Resolve(IReadOnlyList<BudgetDefinition> budgets, Attribution who)
    {
        var entries = new List<BudgetScopeEntry>(budgets.Count);
        foreach (BudgetDefinition budget in budgets)
        {
            if (budget.Scope == BudgetScope.Global)
            {
                entries.Add(new BudgetScopeEntry(budget, ""));
                continue;
            }

            if (budget.Scope == BudgetScope.Tag)
            {
                foreach (string tag in who.Tags)
                {
                    if (budget.IsPerValue || string.Equals(tag, budget.Match, StringComparison.Ordinal))
                    {
                        entries.Add(new BudgetScopeEntry(budget, tag));
                    }
                }

                continue;
            }

            string? value = ValueOf(budget.Scope, who);
            if (value is not null && (budget.IsPerValue || string.Equals(value, budget.Match, StringComparison.Ordinal)))
            {
                entries.Add(new BudgetScopeEntry(budget, value));
            }
        }

        return entries;
    }

    /// <summary>The attribution's value for a single-valued scope.</summary>
    public static string? ValueOf(BudgetScope scope, Attribution who) => scope switch
    {
        BudgetScope.Project => who.Project,
        BudgetScope.Agent => who.Agent,
        BudgetScope.Key => who.KeyId,
        BudgetScope.User => who.User,
        _ => null,
    };
}
