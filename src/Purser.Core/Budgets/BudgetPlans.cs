namespace Purser.Budgets;

/// <summary>Plan token budgets (monthly): Lite 200K, Pro 500K, Business 4M tokens.</summary>
internal static class BudgetPlans
{
    public static readonly IReadOnlyDictionary<string, long> MonthlyTokens = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
    {
        ["lite"] = 200_000,
        ["pro"] = 500_000,
        ["business"] = 4_000_000,
    };

    public static IEnumerable<string> Names => MonthlyTokens.Keys;

    public static bool TryGet(string? plan, out long tokens)
    {
        tokens = 0;
        return plan is not null && MonthlyTokens.TryGetValue(plan, out tokens);
    }
}
