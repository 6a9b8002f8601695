using Npgsql;
using NpgsqlTypes;
using Purser.Budgets;
using Purser.Ledger;
using Purser.Pricing;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Postgres;

/// <summary>
/// Appends ledger rows to PostgreSQL, a batch per transaction (group commit) in a few round trips whatever its size:
/// every row, attempt and tag of the batch goes in as one multi-row insert over arrays; rows whose request id is
/// already recorded are skipped (with everything that hangs off them). In the same transaction: the hourly rollups of
/// the rows written, and the rows' settlements of the shared budget counters (<see cref="BudgetSettlement"/>).
/// </summary>
internal sealed class PostgresLedgerStore(PostgresDatabase database) : ILedgerStore
{
    private static readonly LedgerColumn[] Columns =
    [
        new("ts_ms", "bigint", es => Arr(es, e => e.Timestamp.ToUnixTimeMilliseconds())),
        new("request_id", "text", es => Arr(es, e => e.RequestId)),
        new("key_id", "text", es => Arr(es, e => e.KeyId)),
        new("user_name", "text", es => Arr(es, e => e.User)),
        new("project", "text", es => Arr(es, e => e.Project)),
        new("agent", "text", es => Arr(es, e => e.Agent)),
        new("operation", "text", es => Arr(es, e => e.Operation)),
        new("repository", "text", es => Arr(es, e => e.Repository)),
        new("tags", "text", es => Arr(es, e => e.Tags.Count == 0 ? null : string.Join(',', e.Tags))),
        new("requested_model", "text", es => Arr(es, e => e.RequestedModel)),
        new("provider", "text", es => Arr(es, e => e.Provider)),
        new("model", "text", es => Arr(es, e => e.Model)),
        new("deployment", "text", es => Arr(es, e => e.Deployment)),
        new("input_tokens", "bigint", es => Arr(es, e => e.InputTokens)),
        new("cached_tokens", "bigint", es => Arr(es, e => e.CachedInputTokens)),
        new("cache_write_tokens", "bigint", es => Arr(es, e => e.CacheWriteTokens)),
        new("output_tokens", "bigint", es => Arr(es, e => e.OutputTokens)),
        new("reasoning_tokens", "bigint", es => Arr(es, e => e.ReasoningTokens)),
        new("total_tokens", "bigint", es => Arr(es, e => e.TotalTokens)),
        new("cost_pico", "bigint", es => Arr(es, e => Money.ToPico(e.CostUsd))),
        new("cost_estimated", "smallint", es => Arr(es, e => Flag(e.CostEstimated))),
        new("saved_pico", "bigint", es => Arr(es, e => Money.ToPico(e.SavedUsd))),
        new("tokens_saved", "bigint", es => Arr(es, e => e.TokensSaved)),
        new("latency_ms", "double precision", es => Arr(es, e => e.LatencyMs)),
        new("ttft_ms", "double precision", es => Arr(es, e => e.TimeToFirstTokenMs)),
        new("status", "integer", es => Arr(es, e => e.Status)),
        new("outcome", "text", es => Arr(es, e => e.Outcome)),
        new("error", "text", es => Arr(es, e => e.ErrorMessage)),
        new("attempts", "integer", es => Arr(es, e => e.Attempts)),
        new("cache_hit", "smallint", es => Arr(es, e => Flag(e.CacheHit))),
        new("stream", "smallint", es => Arr(es, e => Flag(e.Stream))),
        new("protocol", "text", es => Arr(es, e => e.Protocol)),
        new("route", "text", es => Arr(es, e => e.Route)),
        new("route_reason", "text", es => Arr(es, e => e.RouteReason)),
        new("budget_tier", "text", es => Arr(es, e => e.BudgetTier)),
        new("cache_status", "text", es => Arr(es, e => e.CacheOutcome)),
        new("cache_saved_tokens", "bigint", es => Arr(es, e => e.CacheSavedTokens)),
        new("guard", "text", es => Arr(es, e => e.Guard)),
    ];

    // Rows, then their attempts and tags joined on the request ids actually inserted (a replayed row brings none).
    private static readonly string InsertSql = $"""
        WITH ins AS (
            INSERT INTO ledger ({string.Join(", ", Columns.Select(c => c.Name))})
            SELECT * FROM unnest({string.Join(", ", Columns.Select((c, i) => $"${i + 1}::{c.Type}[]"))})
            ON CONFLICT (request_id) DO NOTHING
            RETURNING id, request_id),
        att AS (
            INSERT INTO ledger_attempts (ledger_id, number, deployment, started_ms, elapsed_ms, outcome, upstream_status,
                input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_pico)
            SELECT ins.id, a.number, a.deployment, a.started_ms, a.elapsed_ms, a.outcome, a.upstream_status,
                a.input_tokens, a.cached_tokens, a.cache_write_tokens, a.output_tokens, a.reasoning_tokens, a.cost_pico
            FROM unnest(${Columns.Length + 1}::text[], ${Columns.Length + 2}::integer[], ${Columns.Length + 3}::text[], ${Columns.Length + 4}::bigint[],
                ${Columns.Length + 5}::double precision[], ${Columns.Length + 6}::text[], ${Columns.Length + 7}::integer[], ${Columns.Length + 8}::bigint[],
                ${Columns.Length + 9}::bigint[], ${Columns.Length + 10}::bigint[], ${Columns.Length + 11}::bigint[], ${Columns.Length + 12}::bigint[],
                ${Columns.Length + 13}::bigint[])
                AS a(request_id, number, deployment, started_ms, elapsed_ms, outcome, upstream_status, input_tokens, cached_tokens,
                    cache_write_tokens, output_tokens, reasoning_tokens, cost_pico)
            JOIN ins ON ins.request_id = a.request_id),
        tg AS (
            INSERT INTO ledger_tags (tag, ledger_id)
            SELECT DISTINCT t.tag, ins.id FROM unnest(${Columns.Length + 14}::text[], ${Columns.Length + 15}::text[]) AS t(request_id, tag)
            JOIN ins ON ins.request_id = t.request_id
            ON CONFLICT DO NOTHING)
        SELECT request_id FROM ins;
        """;

    private static readonly string[] RollupNames = LedgerRollup.Columns.Split(", ");

    private static readonly string RollupSql = $"""
        INSERT INTO ledger_rollup (dim, key, hour_ms, {LedgerRollup.Columns})
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], {string.Join(", ", RollupNames.Select((_, i) => $"${i + 4}::bigint[]"))})
        ON CONFLICT (dim, key, hour_ms) DO UPDATE SET {string.Join(", ", RollupNames.Select(n => $"{n} = ledger_rollup.{n} + excluded.{n}"))};
        """;

    // Counters locked in id order first (as reservations lock them), so writers on several instances never deadlock.
    private const string SettleSql = """
        SELECT 1 FROM budget_counters WHERE id = ANY($1) OR id IN (SELECT counter_id FROM budget_holds WHERE reservation = ANY($2)) ORDER BY id FOR UPDATE;
        WITH released AS (
            DELETE FROM budget_holds h WHERE h.reservation = ANY($2) RETURNING h.counter_id, h.amount),
        rel AS (SELECT counter_id, sum(amount) AS amount FROM released GROUP BY counter_id),
        charged AS (
            SELECT s.counter_id, sum(s.amount) AS amount, sum(s.unpriced) AS unpriced
            FROM unnest($1::bigint[], $3::bigint[], $4::bigint[]) AS s(counter_id, amount, unpriced) GROUP BY s.counter_id),
        changes AS (
            SELECT coalesce(c.counter_id, r.counter_id) AS counter_id, coalesce(c.amount, 0) AS amount, coalesce(c.unpriced, 0) AS unpriced, coalesce(r.amount, 0) AS released
            FROM charged c FULL JOIN rel r ON r.counter_id = c.counter_id)
        UPDATE budget_counters b SET spent = b.spent + x.amount, unpriced = b.unpriced + x.unpriced, reserved = b.reserved - x.released
        FROM changes x WHERE b.id = x.counter_id;
        """;

    public async Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        // A request id twice in one batch: the first one is the row, as on SQLite (and as when the two come in two batches).
        List<LedgerEntry> rows = entries.DistinctBy(e => e.RequestId, StringComparer.Ordinal).ToList();
        await database.RunAsync(async connection =>
        {
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
            HashSet<string> inserted = await InsertAsync(connection, transaction, rows, cancellationToken);
            List<LedgerEntry> written = [.. rows.Where(r => inserted.Contains(r.RequestId))];
            if (written.Count > 0)
            {
                await using var batch = new NpgsqlBatch(connection, transaction);
                AddRollup(batch, written);
                AddSettlements(batch, written);
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return written.Count;
        }, cancellationToken);
    }

    private static async Task<HashSet<string>> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<LedgerEntry> rows, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
        foreach (LedgerColumn column in Columns)
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = column.Values(rows) });
        }

        List<(string RequestId, LedgerAttempt Attempt)> attempts = [.. rows.SelectMany(r => r.AttemptDetails.Select(a => (r.RequestId, a)))];
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.RequestId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.Number).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.Deployment).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.StartedAt.ToUnixTimeMilliseconds()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.ElapsedMs).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.Outcome).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.UpstreamStatus).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.InputTokens).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.CachedInputTokens).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.CacheWriteTokens).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.OutputTokens).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Attempt.ReasoningTokens).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => Money.ToPico(a.Attempt.CostUsd)).ToArray() });
        List<(string RequestId, string Tag)> tags = [.. rows.SelectMany(r => r.Tags.Select(t => (r.RequestId, t)))];
        insert.Parameters.Add(new NpgsqlParameter { Value = tags.Select(t => t.RequestId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = tags.Select(t => t.Tag).ToArray() });

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using NpgsqlDataReader reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetString(0));
        }

        return inserted;
    }

    private static void AddRollup(NpgsqlBatch batch, List<LedgerEntry> written)
    {
        var rollup = new LedgerRollup.Batch();
        foreach (LedgerEntry entry in written)
        {
            rollup.Add(entry);
        }

        var sums = rollup.Sums.ToList();
        var command = new NpgsqlBatchCommand(RollupSql);
        command.Parameters.Add(new NpgsqlParameter { Value = sums.Select(s => s.Key.Dim).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = sums.Select(s => s.Key.Key).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = sums.Select(s => s.Key.Hour).ToArray() });
        for (int i = 0; i < RollupNames.Length; i++)
        {
            int column = i;
            command.Parameters.Add(new NpgsqlParameter { Value = sums.Select(s => s.Value[column]).ToArray() });
        }

        batch.BatchCommands.Add(command);
    }

    private static void AddSettlements(NpgsqlBatch batch, List<LedgerEntry> written)
    {
        BudgetSettlement[] settlements = [.. written.Select(e => e.Settlement).OfType<BudgetSettlement>()];
        if (settlements.Length == 0)
        {
            return;
        }

        long[] counters = [.. settlements.SelectMany(s => s.Counters)];
        Guid[] reservations = [.. settlements.Select(s => s.Reservation).OfType<Guid>()];
        long[] amounts = [.. settlements.SelectMany(s => s.Amounts)];
        long[] unpriced = [.. settlements.SelectMany(s => s.Unpriced)];
        foreach (string sql in SettleSql.Split(";\n", 2))
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = counters, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter { Value = reservations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            if (sql.Contains("$3", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = amounts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                command.Parameters.Add(new NpgsqlParameter { Value = unpriced, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            }

            batch.BatchCommands.Add(command);
        }
    }

    private static T[] Arr<T>(List<LedgerEntry> entries, Func<LedgerEntry, T> value)
    {
        var values = new T[entries.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = value(entries[i]);
        }

        return values;
    }

    private static short Flag(bool value) => value ? (short)1 : (short)0;

    private sealed record LedgerColumn(string Name, string Type, Func<List<LedgerEntry>, object> Values);
}
