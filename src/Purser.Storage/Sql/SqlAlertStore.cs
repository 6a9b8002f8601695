using System.Data.Common;
using Purser.Alerts;
using Purser.Budgets;

namespace Purser.Storage.Sql;

/// <summary>The alert table: one row per budget, value, window and level (a repeat is ignored, also from another instance).</summary>
internal abstract class SqlAlertStore(ISqlDatabase database) : IAlertStore
{
    public void Append(IReadOnlyList<BudgetAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            return;
        }

        using DbConnection connection = database.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction();
        foreach (BudgetAlert alert in alerts)
        {
            BudgetUnit unit = alert.Unit == "tokens" ? BudgetUnit.Tokens : BudgetUnit.Usd;
            using DbCommand command = connection.Command("""
                INSERT INTO budget_alerts (ts_ms, budget, value, scope, window_name, window_start_ms, resets_ms, level, kind, unit, spent_units, limit_units, percent, message)
                VALUES (@ts, @budget, @value, @scope, @window, @start, @resets, @level, @kind, @unit, @spent, @limit, @percent, @message)
                ON CONFLICT DO NOTHING;
                """, transaction)
                .Long("@ts", alert.Timestamp.ToUnixTimeMilliseconds()).Text("@budget", alert.Budget).Text("@value", alert.Value).Text("@scope", alert.Scope)
                .Text("@window", alert.Window).Long("@start", alert.WindowStart.ToUnixTimeMilliseconds()).Long("@resets", alert.ResetsAt?.ToUnixTimeMilliseconds())
                .Int("@level", alert.Level).Text("@kind", alert.Kind).Text("@unit", alert.Unit).Long("@spent", BudgetAmounts.ToUnits(alert.Spent, unit))
                .Long("@limit", BudgetAmounts.ToUnits(alert.Limit, unit)).Real("@percent", (double)alert.Percent).Text("@message", alert.Message);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public IReadOnlyList<BudgetAlert> List(string? budget, int limit)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command($"""
            SELECT ts_ms, budget, value, scope, window_name, window_start_ms, resets_ms, level, kind, unit, spent_units, limit_units, percent, message
            FROM budget_alerts {(budget is null ? "" : "WHERE budget = @budget")} ORDER BY id DESC LIMIT @limit;
            """).Long("@limit", limit);
        if (budget is not null)
        {
            command.Text("@budget", budget);
        }

        using DbDataReader reader = command.ExecuteReader();
        var alerts = new List<BudgetAlert>();
        while (reader.Read())
        {
            BudgetUnit unit = reader.GetString(9) == "tokens" ? BudgetUnit.Tokens : BudgetUnit.Usd;
            alerts.Add(new BudgetAlert
            {
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                Budget = reader.GetString(1),
                Value = reader.GetString(2),
                Scope = reader.GetString(3),
                Window = reader.GetString(4),
                WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                ResetsAt = reader.LongOrNull(6) is long resets ? DateTimeOffset.FromUnixTimeMilliseconds(resets) : null,
                Level = Convert.ToInt32(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture),
                Kind = reader.GetString(8),
                Unit = reader.GetString(9),
                Spent = BudgetAmounts.FromUnits(reader.GetInt64(10), unit),
                Limit = BudgetAmounts.FromUnits(reader.GetInt64(11), unit),
                Percent = (decimal)reader.GetDouble(12),
                Message = reader.GetString(13),
            });
        }

        return alerts;
    }

    public IReadOnlyDictionary<string, IReadOnlySet<int>> FiredLevels(string budget, DateTimeOffset windowStart)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("SELECT value, level FROM budget_alerts WHERE budget = @budget AND window_start_ms = @start;")
            .Text("@budget", budget).Long("@start", windowStart.ToUnixTimeMilliseconds());
        using DbDataReader reader = command.ExecuteReader();
        var fired = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            string value = reader.GetString(0);
            if (!fired.TryGetValue(value, out HashSet<int>? levels))
            {
                fired[value] = levels = [];
            }

            levels.Add(Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        }

        return fired.ToDictionary(p => p.Key, p => (IReadOnlySet<int>)p.Value, StringComparer.Ordinal);
    }
}
