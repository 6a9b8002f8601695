using System.Data.Common;
using Purser.Budgets;

namespace Purser.Storage.Sql;

/// <summary>
/// Budget spend straight from the ledger, summed exactly in pico-dollars (or tokens of calls not served from cache),
/// per scope value, on the ledger's time index; and the calls of unknown cost a soft budget counts apart.
/// </summary>
internal abstract class SqlBudgetSpendStore(ISqlDatabase database) : IBudgetSpendStore
{
    public IReadOnlyDictionary<string, long> SpendByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to) =>
        Query(budget, from, to, SpendAmount(budget, database.Dialect), SpendFilter(budget));

    public IReadOnlyDictionary<string, long> UnpricedCallsByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to) =>
        Query(budget, from, to, "COUNT(*)", UnpricedFilter);

    internal const string UnpricedFilter = " AND l.cost_pico IS NULL AND l.total_tokens > 0";

    /// <summary>What a budget sums over its ledger rows.</summary>
    internal static string SpendAmount(BudgetDefinition budget, SqlDialect dialect) =>
        budget.Unit == BudgetUnit.Usd ? $"COALESCE({dialect.Sum("l.cost_pico")}, 0)" : $"COALESCE({dialect.Sum("l.total_tokens")}, 0)";

    /// <summary>The rows a budget does not count: a token budget skips cache hits.</summary>
    internal static string SpendFilter(BudgetDefinition budget) => budget.Unit == BudgetUnit.Tokens ? " AND l.cache_hit = 0" : "";

    /// <summary>The ledger expression a budget's scope value is (per project, per tag, …).</summary>
    internal static string ValueColumn(BudgetDefinition budget) => budget.Scope switch
    {
        // A budget share per project and agent counts by both (BudgetShares.AgentValue).
        BudgetScope.Agent when budget.ShareOf is not null => "COALESCE(l.project, '') || '/' || COALESCE(l.agent, '')",
        BudgetScope.Project when budget.ShareOf is not null => "COALESCE(l.project, '')",
        BudgetScope.Global => "''",
        BudgetScope.Project => "l.project",
        BudgetScope.Agent => "l.agent",
        BudgetScope.Key => "l.key_id",
        BudgetScope.User => "l.user_name",
        BudgetScope.Tag => "t.tag",
        _ => throw new ArgumentOutOfRangeException(nameof(budget)),
    };

    /// <summary>The rows a budget's scope reads from (tags join their table).</summary>
    internal static string Source(BudgetDefinition budget) =>
        budget.Scope == BudgetScope.Tag ? "ledger_tags t JOIN ledger l ON l.id = t.ledger_id" : "ledger l";

    /// <summary>One aggregate per scope value over the budget's rows in [from, to).</summary>
    private Dictionary<string, long> Query(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to, string aggregate, string filter)
    {
        string time = "l.ts_ms >= @from" + (to is null ? "" : " AND l.ts_ms < @to");
        string column = ValueColumn(budget);
        string match = budget.Scope == BudgetScope.Global ? "" : budget.IsPerValue ? $" AND {column} IS NOT NULL" : $" AND {column} = @match";

        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command($"SELECT {column}, {aggregate} FROM {Source(budget)} WHERE {time}{filter}{match} GROUP BY 1;")
            .Long("@from", from.ToUnixTimeMilliseconds());
        if (to is DateTimeOffset end)
        {
            command.Long("@to", end.ToUnixTimeMilliseconds());
        }

        if (budget.Match is { } value && !budget.IsPerValue)
        {
            command.Text("@match", value);
        }

        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long units = reader.LongOrZero(1);
            if (units != 0)
            {
                result[reader.GetString(0)] = units;
            }
        }

        return result;
    }
}
