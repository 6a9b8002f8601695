using Microsoft.Data.Sqlite;
using Purser.Reports;

namespace Purser.Storage.Sqlite;

/// <summary>Cost reports straight from the ledger table: exact integer sums, range scans on the time index.</summary>
public sealed class SqliteCostReportStore(SqliteDatabase database) : ICostReportStore
{
    private const string Sums = """
        COUNT(*), SUM(outcome <> 'ok'), SUM(cache_hit), SUM(input_tokens), SUM(cached_tokens), SUM(cache_write_tokens),
        SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_pico), SUM(cost_pico IS NULL AND total_tokens > 0),
        SUM(cost_estimated), SUM(saved_pico), SUM(tokens_saved), SUM(cache_saved_tokens)
        """;

    public Task<CostReport> QueryAsync(CostQuery query, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        string where = Where(query, "l.");
        CostTotals totals;
        using (SqliteCommand command = Command(connection, $"SELECT {Sums} FROM ledger l WHERE {where};", query))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            reader.Read();
            totals = ReadTotals(reader, 0);
        }

        var groups = new List<CostGroup>();
        if (query.GroupBy is ReportGrouping grouping)
        {
            string sql = grouping == ReportGrouping.Tag
                ? $"SELECT t.tag, {Sums} FROM ledger_tags t JOIN ledger l ON l.id = t.ledger_id WHERE {where} GROUP BY t.tag ORDER BY COALESCE(SUM(l.cost_pico), 0) DESC, COUNT(*) DESC;"
                : $"SELECT {KeyExpression(grouping)} AS k, {Sums} FROM ledger l WHERE {where} GROUP BY k ORDER BY {(grouping == ReportGrouping.Day ? "k DESC" : "COALESCE(SUM(l.cost_pico), 0) DESC, COUNT(*) DESC")};";
            using SqliteCommand command = Command(connection, sql, query);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                groups.Add(new CostGroup(reader.IsDBNull(0) ? "(none)" : reader.GetString(0), ReadTotals(reader, 1)));
            }
        }

        var recent = new List<RecentCall>();
        if (query.Recent > 0)
        {
            using SqliteCommand command = Command(connection, $"""
                SELECT ts_ms, request_id, operation, deployment, project, input_tokens, output_tokens, cost_pico, cost_estimated, outcome, cache_hit, route, latency_ms
                FROM ledger l WHERE {where} ORDER BY l.id DESC LIMIT $limit;
                """, query);
            command.Parameters.AddWithValue("$limit", query.Recent);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                recent.Add(new RecentCall(
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetInt64(5),
                    reader.GetInt64(6),
                    reader.IsDBNull(7) ? null : Money.FromPico(reader.GetInt64(7)),
                    reader.GetInt64(8) != 0,
                    reader.GetString(9),
                    reader.GetInt64(10) != 0,
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.GetDouble(12)));
            }
        }

        return Task.FromResult(new CostReport(query.Since, query.Until, totals, groups, recent));
    }

    private static string Where(CostQuery query, string alias) =>
        query.Since is null ? $"{alias}ts_ms < $until" : $"{alias}ts_ms >= $since AND {alias}ts_ms < $until";

    private static SqliteCommand Command(SqliteConnection connection, string sql, CostQuery query)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$until", query.Until.ToUnixTimeMilliseconds());
        if (query.Since is { } since)
        {
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        }

        return command;
    }

    private static string KeyExpression(ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Model => "l.deployment",
        ReportGrouping.Provider => "l.provider",
        ReportGrouping.Project => "l.project",
        ReportGrouping.Agent => "l.agent",
        ReportGrouping.Operation => "l.operation",
        ReportGrouping.Repository => "l.repository",
        ReportGrouping.Key => "l.key_id",
        ReportGrouping.User => "l.user_name",
        ReportGrouping.Day => "date(l.ts_ms / 1000, 'unixepoch')",
        _ => throw new ArgumentOutOfRangeException(nameof(grouping)),
    };

    private static CostTotals ReadTotals(SqliteDataReader r, int o) => new()
    {
        Calls = Long(r, o),
        Errors = Long(r, o + 1),
        CacheHits = Long(r, o + 2),
        InputTokens = Long(r, o + 3),
        CachedTokens = Long(r, o + 4),
        CacheWriteTokens = Long(r, o + 5),
        OutputTokens = Long(r, o + 6),
        ReasoningTokens = Long(r, o + 7),
        CostUsd = Money.FromPico(Long(r, o + 8)),
        UnknownCostCalls = Long(r, o + 9),
        EstimatedCalls = Long(r, o + 10),
        SavedUsd = Money.FromPico(Long(r, o + 11)),
        TokensSaved = Long(r, o + 12),
        CacheSavedTokens = Long(r, o + 13),
    };

    private static long Long(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);
}
