using System.Text;
using Microsoft.Data.Sqlite;
using Purser.Calls;
using Purser.Ledger;
using Purser.Pricing;

namespace Purser.Storage.Sqlite;

/// <summary>
/// Calls read back from the ledger, newest first by (time, id). Every filter column has an index that ends with the
/// time (migration 12), so a page reads about as many rows as it shows whichever filter narrows it; paging is by
/// cursor, never by offset, so page 1,000 costs what page 1 does.
/// </summary>
public sealed class SqliteCallStore(SqliteDatabase database) : ICallStore
{
    private const string Columns = """
        l.id, l.ts_ms, l.request_id, l.key_id, l.user_name, l.project, l.agent, l.operation, l.repository, l.tags,
        l.requested_model, l.provider, l.model, l.deployment, l.input_tokens, l.cached_tokens, l.cache_write_tokens,
        l.output_tokens, l.reasoning_tokens, l.cost_pico, l.cost_estimated, l.saved_pico, l.tokens_saved, l.latency_ms,
        l.ttft_ms, l.status, l.outcome, l.error, l.attempts, l.cache_hit, l.stream, l.protocol, l.route, l.route_reason,
        l.budget_tier, l.cache_status, l.cache_saved_tokens, l.guard
        """;

    public Task<CallPage> ListAsync(CallQuery query, CancellationToken cancellationToken)
    {
        int limit = Math.Clamp(query.Limit, 1, CallQuery.MaxLimit);
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        var where = new StringBuilder("1 = 1");
        CallFilter f = query.Filter;
        if (f.Model is { Length: > 0 } model)
        {
            where.Append(model.Contains('/', StringComparison.Ordinal) ? " AND l.deployment = $model" : " AND l.model = $model");
            command.Parameters.AddWithValue("$model", model);
        }

        Equal(command, where, "l.provider", "$provider", f.Provider);
        Equal(command, where, "l.project", "$project", f.Project);
        Equal(command, where, "l.agent", "$agent", f.Agent);
        Equal(command, where, "l.key_id", "$key", f.Key);
        Equal(command, where, "l.route", "$route", f.Route);
        switch (f.Status)
        {
            case null or "":
                break;
            case "ok":
                where.Append(" AND l.outcome = 'ok'");
                break;
            case "error":
                // Written as the partial index's own condition, so SQLite reads the failures alone.
                where.Append(" AND l.outcome <> 'ok'");
                break;
            default:
                where.Append(" AND l.outcome <> 'ok' AND l.outcome = $status");
                command.Parameters.AddWithValue("$status", f.Status);
                break;
        }

        if (f.Cache is { Length: > 0 } cache)
        {
            if (cache == "none")
            {
                where.Append(" AND l.cache_status IS NULL");
            }
            else
            {
                Equal(command, where, "l.cache_status", "$cache", cache);
            }
        }

        if (f.Since is DateTimeOffset since)
        {
            where.Append(" AND l.ts_ms >= $since");
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        }

        if (f.Until is DateTimeOffset until)
        {
            where.Append(" AND l.ts_ms < $until");
            command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        }

        if (query.After is CallCursor after)
        {
            where.Append(" AND (l.ts_ms < $afterTs OR (l.ts_ms = $afterTs AND l.id < $afterId))");
            command.Parameters.AddWithValue("$afterTs", after.TimestampMs);
            command.Parameters.AddWithValue("$afterId", after.Id);
        }

        command.CommandText = $"SELECT {Columns} FROM ledger l WHERE {where} ORDER BY l.ts_ms DESC, l.id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", limit + 1);
        var calls = new List<LedgerEntry>(limit);
        CallCursor last = default;
        bool more = false;
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (calls.Count == limit)
                {
                    more = true;
                    break;
                }

                last = new CallCursor(reader.GetInt64(1), reader.GetInt64(0));
                calls.Add(ReadEntry(reader, []));
            }
        }

        return Task.FromResult(new CallPage(calls, more ? last.ToString() : null, LatestId(connection)));
    }

    public Task<LedgerEntry?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM ledger l WHERE l.request_id = $rid;";
        command.Parameters.AddWithValue("$rid", requestId);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<LedgerEntry?>(null);
        }

        return Task.FromResult<LedgerEntry?>(ReadEntry(reader, Attempts(connection, reader.GetInt64(0))));
    }

    public Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        return Task.FromResult(LatestId(connection));
    }

    private static long LatestId(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM ledger;";
        return (long)command.ExecuteScalar()!;
    }

    private static List<LedgerAttempt> Attempts(SqliteConnection connection, long ledgerId)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT number, deployment, started_ms, elapsed_ms, outcome, upstream_status, input_tokens, cached_tokens,
                cache_write_tokens, output_tokens, reasoning_tokens, cost_pico
            FROM ledger_attempts WHERE ledger_id = $id ORDER BY number;
            """;
        command.Parameters.AddWithValue("$id", ledgerId);
        using SqliteDataReader r = command.ExecuteReader();
        var attempts = new List<LedgerAttempt>();
        while (r.Read())
        {
            attempts.Add(new LedgerAttempt(
                r.GetInt32(0),
                r.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                r.GetDouble(3),
                r.GetString(4),
                r.IsDBNull(5) ? null : r.GetInt32(5),
                r.GetInt64(6),
                r.GetInt64(7),
                r.GetInt64(8),
                r.GetInt64(9),
                r.GetInt64(10),
                r.IsDBNull(11) ? null : Money.FromPico(r.GetInt64(11))));
        }

        return attempts;
    }

    private static LedgerEntry ReadEntry(SqliteDataReader r, IReadOnlyList<LedgerAttempt> attempts) => new()
    {
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        RequestId = r.GetString(2),
        KeyId = Text(r, 3),
        User = Text(r, 4),
        Project = Text(r, 5),
        Agent = Text(r, 6),
        Operation = r.GetString(7),
        Repository = Text(r, 8),
        Tags = Text(r, 9) is { } tags ? tags.Split(',') : [],
        RequestedModel = Text(r, 10),
        Provider = Text(r, 11),
        Model = Text(r, 12),
        Deployment = Text(r, 13),
        InputTokens = r.GetInt64(14),
        CachedInputTokens = r.GetInt64(15),
        CacheWriteTokens = r.GetInt64(16),
        OutputTokens = r.GetInt64(17),
        ReasoningTokens = r.GetInt64(18),
        CostUsd = r.IsDBNull(19) ? null : Money.FromPico(r.GetInt64(19)),
        CostEstimated = r.GetInt64(20) != 0,
        SavedUsd = r.IsDBNull(21) ? null : Money.FromPico(r.GetInt64(21)),
        TokensSaved = r.GetInt64(22),
        LatencyMs = r.GetDouble(23),
        TimeToFirstTokenMs = r.IsDBNull(24) ? null : r.GetDouble(24),
        Status = r.GetInt32(25),
        Outcome = r.GetString(26),
        ErrorMessage = Text(r, 27),
        Attempts = r.GetInt32(28),
        CacheHit = r.GetInt64(29) != 0,
        Stream = r.GetInt64(30) != 0,
        Protocol = Text(r, 31),
        Route = Text(r, 32),
        RouteReason = Text(r, 33),
        BudgetTier = Text(r, 34),
        CacheOutcome = Text(r, 35),
        CacheSavedTokens = r.GetInt64(36),
        Guard = Text(r, 37),
        AttemptDetails = attempts,
    };

    private static void Equal(SqliteCommand command, StringBuilder where, string column, string parameter, string? value)
    {
        if (value is { Length: > 0 })
        {
            where.Append(" AND ").Append(column).Append(" = ").Append(parameter);
            command.Parameters.AddWithValue(parameter, value);
        }
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
