using Microsoft.Data.Sqlite;
using Purser.Alerts;
using Purser.Budgets;

namespace Purser.Storage.Sqlite;

/// <summary>The alert table: one row per budget, value, window and level (a repeat is ignored).</summary>
public sealed class SqliteAlertStore(SqliteDatabase database) : IAlertStore
{
    public void Append(IReadOnlyList<BudgetAlert> alerts)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO budget_alerts (ts_ms, budget, value, scope, window_name, window_start_ms, resets_ms, level, kind, unit, spent_units, limit_units, percent, message)
            VALUES ($ts, $budget, $value, $scope, $window, $start, $resets, $level, $kind, $unit, $spent, $limit, $percent, $message);
            """;
        foreach (BudgetAlert alert in alerts)
        {
            BudgetUnit unit = alert.Unit == "tokens" ? BudgetUnit.Tokens : BudgetUnit.Usd;
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$ts", alert.Timestamp.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$budget", alert.Budget);
            command.Parameters.AddWithValue("$value", alert.Value);
            command.Parameters.AddWithValue("$scope", alert.Scope);
            command.Parameters.AddWithValue("$window", alert.Window);
            command.Parameters.AddWithValue("$start", alert.WindowStart.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$resets", alert.ResetsAt is DateTimeOffset r ? r.ToUnixTimeMilliseconds() : DBNull.Value);
            command.Parameters.AddWithValue("$level", alert.Level);
            command.Parameters.AddWithValue("$kind", alert.Kind);
            command.Parameters.AddWithValue("$unit", alert.Unit);
            command.Parameters.AddWithValue("$spent", BudgetAmounts.ToUnits(alert.Spent, unit));
            command.Parameters.AddWithValue("$limit", BudgetAmounts.ToUnits(alert.Limit, unit));
            command.Parameters.AddWithValue("$percent", (double)alert.Percent);
            command.Parameters.AddWithValue("$message", alert.Message);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public IReadOnlyList<BudgetAlert> List(string? budget, int limit)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT ts_ms, budget, value, scope, window_name, window_start_ms, resets_ms, level, kind, unit, spent_units, limit_units, percent, message
            FROM budget_alerts {(budget is null ? "" : "WHERE budget = $budget")} ORDER BY id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", limit);
        if (budget is not null)
        {
            command.Parameters.AddWithValue("$budget", budget);
        }

        using SqliteDataReader reader = command.ExecuteReader();
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
                ResetsAt = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                Level = reader.GetInt32(7),
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
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT value, level FROM budget_alerts WHERE budget = $budget AND window_start_ms = $start;";
        command.Parameters.AddWithValue("$budget", budget);
        command.Parameters.AddWithValue("$start", windowStart.ToUnixTimeMilliseconds());
        using SqliteDataReader reader = command.ExecuteReader();
        var fired = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            string value = reader.GetString(0);
            if (!fired.TryGetValue(value, out HashSet<int>? levels))
            {
                fired[value] = levels = [];
            }

            levels.Add(reader.GetInt32(1));
        }

        return fired.ToDictionary(p => p.Key, p => (IReadOnlySet<int>)p.Value, StringComparer.Ordinal);
    }
}
