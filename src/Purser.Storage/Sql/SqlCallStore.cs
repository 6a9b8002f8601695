using System.Text;
using System.Data.Common;
using Purser.Calls;
using Purser.Ledger;

using Purser.Pricing;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Sql;

/// <summary>
/// Calls read back from the ledger, newest first by (time, id). Every filter column has an index that ends with the
/// time (SQLite migration 12, PostgreSQL migration 1), so a page reads about as many rows as it shows whichever filter narrows it; paging is by
/// cursor, never by offset, so page 1,000 costs what page 1 does.
/// </summary>
internal abstract class SqlCallStore(ISqlDatabase database) : ICallStore
{
    /// <summary>A ledger row's columns (table alias <c>l</c>), in the order <see cref="ReadEntry"/> reads them.</summary>
    internal const string Columns = """
        l.id, l.ts_ms, l.request_id, l.key_id, l.user_name, l.project, l.agent, l.operation, l.repository, l.tags,
        l.requested_model, l.provider, l.model, l.deployment, l.input_tokens, l.cached_tokens, l.cache_write_tokens,
        l.output_tokens, l.reasoning_tokens, l.cost_pico, l.cost_estimated, l.saved_pico, l.tokens_saved, l.latency_ms,
        l.ttft_ms, l.status, l.outcome, l.error, l.attempts, l.cache_hit, l.stream, l.protocol, l.route, l.route_reason,
        l.budget_tier, l.cache_status, l.cache_saved_tokens, l.guard
        """;

    public Task<CallPage> ListAsync(CallQuery query, CancellationToken cancellationToken)
    {
        int limit = Math.Clamp(query.Limit, 1, CallQuery.MaxLimit);
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        var where = new StringBuilder("1 = 1");
        CallFilter f = query.Filter;
        if (f.Model is { Length: > 0 } model)
        {
            where.Append(model.Contains('/', StringComparison.Ordinal) ? " AND l.deployment = @model" : " AND l.model = @model");
            Param(command, "@model", model);
        }

        Equal(command, where, "l.provider", "@provider", f.Provider);
        Equal(command, where, "l.project", "@project", f.Project);
        Equal(command, where, "l.agent", "@agent", f.Agent);
        Equal(command, where, "l.key_id", "@key", f.Key);
        Equal(command, where, "l.route", "@route", f.Route);
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
                where.Append(" AND l.outcome <> 'ok' AND l.outcome = @status");
                Param(command, "@status", f.Status);
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
                Equal(command, where, "l.cache_status", "@cache", cache);
            }
        }

        if (f.Since is DateTimeOffset since)
        {
            where.Append(" AND l.ts_ms >= @since");
            Param(command, "@since", since.ToUnixTimeMilliseconds());
        }

        if (f.Until is DateTimeOffset until)
        {
            where.Append(" AND l.ts_ms < @until");
            Param(command, "@until", until.ToUnixTimeMilliseconds());
        }

        if (query.After is CallCursor after)
        {
            where.Append(" AND (l.ts_ms < @afterTs OR (l.ts_ms = @afterTs AND l.id < @afterId))");
            Param(command, "@afterTs", after.TimestampMs);
            Param(command, "@afterId", after.Id);
        }

        command.CommandText = $"SELECT {Columns} FROM ledger l WHERE {where} ORDER BY l.ts_ms DESC, l.id DESC LIMIT @limit;";
        Param(command, "@limit", limit + 1);
        var calls = new List<LedgerEntry>(limit);
        CallCursor last = default;
        bool more = false;
        using (DbDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (calls.Count == limit)
                {
                    more = true;
                    break;
                }

                last = new CallCursor(L(reader, 1), L(reader, 0));
                calls.Add(ReadEntry(reader, []));
            }
        }

        return Task.FromResult(new CallPage(calls, more ? last.ToString() : null, LatestId(connection)));
    }

    public Task<LedgerEntry?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM ledger l WHERE l.request_id = @rid;";
        Param(command, "@rid", requestId);
        using DbDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<LedgerEntry?>(null);
        }

        return Task.FromResult<LedgerEntry?>(ReadEntry(reader, Attempts(connection, L(reader, 0))));
    }

    public Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        return Task.FromResult(LatestId(connection));
    }

    private static long LatestId(DbConnection connection)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM ledger;";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>An attempt's columns (table alias <c>a</c>), in the order <see cref="ReadAttempt"/> reads them.</summary>
    internal const string AttemptColumns = """
        a.number, a.deployment, a.started_ms, a.elapsed_ms, a.outcome, a.upstream_status, a.input_tokens, a.cached_tokens,
        a.cache_write_tokens, a.output_tokens, a.reasoning_tokens, a.cost_pico
        """;

    private static List<LedgerAttempt> Attempts(DbConnection connection, long ledgerId)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {AttemptColumns} FROM ledger_attempts a WHERE a.ledger_id = @id ORDER BY a.number;";
        Param(command, "@id", ledgerId);
        using DbDataReader r = command.ExecuteReader();
        var attempts = new List<LedgerAttempt>();
        while (r.Read())
        {
            attempts.Add(ReadAttempt(r, 0));
        }

        return attempts;
    }

    /// <summary>An attempt whose <see cref="AttemptColumns"/> start at <paramref name="at"/>.</summary>
    internal static LedgerAttempt ReadAttempt(DbDataReader r, int at) => new(
        (int)L(r, at),
        r.GetString(at + 1),
        DateTimeOffset.FromUnixTimeMilliseconds(L(r, at + 2)),
        r.GetDouble(at + 3),
        r.GetString(at + 4),
        r.IsDBNull(at + 5) ? null : (int)L(r, at + 5),
        L(r, at + 6),
        L(r, at + 7),
        L(r, at + 8),
        L(r, at + 9),
        L(r, at + 10),
        r.IsDBNull(at + 11) ? null : Money.FromPico(L(r, at + 11)));

    /// <summary>A ledger row read as <see cref="Columns"/> (its id first).</summary>
    internal static LedgerEntry ReadEntry(DbDataReader r, IReadOnlyList<LedgerAttempt> attempts) => new()
    {
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(L(r, 1)),
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
        InputTokens = L(r, 14),
        CachedInputTokens = L(r, 15),
        CacheWriteTokens = L(r, 16),
        OutputTokens = L(r, 17),
        ReasoningTokens = L(r, 18),
        CostUsd = r.IsDBNull(19) ? null : Money.FromPico(L(r, 19)),
        CostEstimated = L(r, 20) != 0,
        SavedUsd = r.IsDBNull(21) ? null : Money.FromPico(L(r, 21)),
        TokensSaved = L(r, 22),
        LatencyMs = r.GetDouble(23),
        TimeToFirstTokenMs = r.IsDBNull(24) ? null : r.GetDouble(24),
        Status = (int)L(r, 25),
        Outcome = r.GetString(26),
        ErrorMessage = Text(r, 27),
        Attempts = (int)L(r, 28),
        CacheHit = L(r, 29) != 0,
        Stream = L(r, 30) != 0,
        Protocol = Text(r, 31),
        Route = Text(r, 32),
        RouteReason = Text(r, 33),
        BudgetTier = Text(r, 34),
        CacheOutcome = Text(r, 35),
        CacheSavedTokens = L(r, 36),
        Guard = Text(r, 37),
        AttemptDetails = attempts,
    };

    private static void Equal(DbCommand command, StringBuilder where, string column, string parameter, string? value)
    {
        if (value is { Length: > 0 })
        {
            where.Append(" AND ").Append(column).Append(" = ").Append(parameter);
            Param(command, parameter, value);
        }
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long L(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static void Param(DbCommand command, string name, object value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
