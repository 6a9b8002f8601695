using Microsoft.Data.Sqlite;
using Purser.Budgets;

namespace Purser.Storage.Sqlite;

/// <summary>
/// Budget spend straight from the ledger, summed exactly in pico-dollars (or tokens of calls not served from cache),
/// per scope value, on the ledger's time index; and the calls of unknown cost a soft budget counts apart.
/// </summary>
public sealed class SqliteBudgetSpendStore(SqliteDatabase database) : IBudgetSpendStore
{
    public IReadOnlyDictionary<string, long> SpendByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to)
    {
        string amount = budget.Unit == BudgetUnit.Usd ? "COALESCE(SUM(l.cost_pico), 0)" : "COALESCE(SUM(l.total_tokens), 0)";
        string cacheFilter = budget.Unit == BudgetUnit.Tokens ? " AND l.cache_hit = 0" : "";
        return Query(budget, from, to, amount, cacheFilter);
    }

    public IReadOnlyDictionary<string, long> UnpricedCallsByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to) =>
        Query(budget, from, to, "COUNT(*)", " AND l.cost_pico IS NULL AND l.total_tokens > 0");

    /// <summary>One aggregate per scope value over the budget's rows in [from, to).</summary>
    private Dictionary<string, long> Query(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to, string aggregate, string filter)
    {
        string time = "l.ts_ms >= $from" + (to is null ? "" : " AND l.ts_ms < $to");
        string column = budget.Scope switch
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
        string source = budget.Scope == BudgetScope.Tag ? "ledger_tags t JOIN ledger l ON l.id = t.ledger_id" : "ledger l";
        string match = budget.Scope == BudgetScope.Global ? "" : budget.IsPerValue ? $" AND {column} IS NOT NULL" : $" AND {column} = $match";

        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {column}, {aggregate} FROM {source} WHERE {time}{filter}{match} GROUP BY 1;";
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        if (to is DateTimeOffset end)
        {
            command.Parameters.AddWithValue("$to", end.ToUnixTimeMilliseconds());
        }

        if (budget.Match is { } value && !budget.IsPerValue)
        {
            command.Parameters.AddWithValue("$match", value);
        }

        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long units = reader.GetInt64(1);
            if (units != 0)
            {
                result[reader.GetString(0)] = units;
            }
        }

        return result;
    }
}
