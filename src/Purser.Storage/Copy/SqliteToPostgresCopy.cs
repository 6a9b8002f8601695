using System.Data.Common;
using Npgsql;
using Purser.Ledger;
using Purser.Pricing;
using Purser.Sessions;
using Purser.Storage.Postgres;
using Purser.Storage.Sql;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Copy;

/// <summary>
/// <c>purser db copy</c>: moves a laptop's history from its SQLite file into the team's PostgreSQL database. The ledger
/// goes through the PostgreSQL ledger store's own write path, a batch per transaction (its attempts, tags and hourly
/// rollups with it), and a request id already in the target is skipped — so the copy is idempotent, and a copy that
/// stopped half-way is resumed by running it again. Virtual keys (with their revocations), stored budgets and
/// <c>purser run</c> sessions are copied when the target has no row of that id or name. Afterwards every table is
/// verified: the source's rows are counted in the target and, for the ledger, their cost summed on both sides.
/// </summary>
/// <remarks>Not copied: the response cache and Responses state (both expire), alerts, and the assistant's tables.</remarks>
internal static class SqliteToPostgresCopy
{
    private const int BatchSize = 1_000;

    /// <param name="progress">Told the ledger rows read so far.</param>
    public static async Task<IReadOnlyList<CopiedTable>> CopyAsync(SqliteDatabase from, PostgresDatabase to, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return
        [
            await CopyLedgerAsync(from, to, progress, cancellationToken),
            CopyKeys(from, to),
            CopyBudgets(from, to),
            CopySessions(from, to),
        ];
    }

    private static async Task<CopiedTable> CopyLedgerAsync(SqliteDatabase from, PostgresDatabase to, Action<long>? progress, CancellationToken cancellationToken)
    {
        var target = new PostgresLedgerStore(to);
        long read = 0, written = 0, sourceSum = 0, found = 0, targetSum = 0;
        long after = 0;
        while (true)
        {
            List<(long Id, LedgerEntry Entry)> batch = ReadLedger(from, after, BatchSize);
            if (batch.Count == 0)
            {
                break;
            }

            string[] ids = [.. batch.Select(b => b.Entry.RequestId)];
            long before = CountIn(to, ids).Rows;
            await target.AppendAsync([.. batch.Select(b => b.Entry)], cancellationToken);
            (long rows, long sum) = CountIn(to, ids);
            written += rows - before;
            found += rows;
            targetSum += sum;
            sourceSum += batch.Sum(b => Money.ToPico(b.Entry.CostUsd) ?? 0);
            read += batch.Count;
            after = batch[^1].Id;
            progress?.Invoke(read);
        }

        return new CopiedTable("ledger", read, written, found, sourceSum, targetSum);
    }

    private static CopiedTable CopyKeys(SqliteDatabase from, PostgresDatabase to)
    {
        var source = new SqliteKeyStore(from).List();
        var target = new PostgresKeyStore(to);
        Dictionary<string, Keys.VirtualKey> existing = target.List().ToDictionary(k => k.Id, StringComparer.Ordinal);
        long written = 0;
        foreach (Keys.VirtualKey key in source)
        {
            if (!existing.TryGetValue(key.Id, out Keys.VirtualKey? there))
            {
                target.Insert(key);
                written++;
            }

            if (key.RevokedAt is { } revoked && there?.RevokedAt is null)
            {
                target.Revoke(key.Id, revoked);
            }
        }

        HashSet<string> after = [.. target.List().Where(k => source.Any(s => s.Id == k.Id && (s.RevokedAt is null) == (k.RevokedAt is null))).Select(k => k.Id)];
        return new CopiedTable("virtual_keys", source.Count, written, after.Count, 0, 0);
    }

    private static CopiedTable CopyBudgets(SqliteDatabase from, PostgresDatabase to)
    {
        var source = new SqliteBudgetStore(from, TimeProvider.System).List();
        var target = new PostgresBudgetStore(to, TimeProvider.System);
        HashSet<string> existing = [.. target.List().Select(b => b.Key)];
        long written = 0;
        foreach ((string name, Budgets.BudgetItemOptions item) in source)
        {
            if (existing.Add(name))
            {
                target.Upsert(name, item);
                written++;
            }
        }

        HashSet<string> names = [.. target.List().Select(b => b.Key)];
        return new CopiedTable("budgets", source.Count, written, source.Count(b => names.Contains(b.Key)), 0, 0);
    }

    private static CopiedTable CopySessions(SqliteDatabase from, PostgresDatabase to)
    {
        IReadOnlyList<SessionRecord> source = new SqliteSessionStore(from).List(int.MaxValue);
        var target = new PostgresSessionStore(to);
        long written = 0;
        foreach (SessionRecord session in source)
        {
            if (target.Find(session.Id) is null)
            {
                target.Insert(session);
                written++;
            }

            if (session.EndedAt is { } ended)
            {
                target.End(session.Id, ended, session.ExitCode);
            }
        }

        return new CopiedTable("sessions", source.Count, written, source.Count(s => target.Find(s.Id) is not null), 0, 0);
    }

    /// <summary>How many of the request ids the target's ledger holds, and their cost in pico-dollars.</summary>
    private static (long Rows, long Sum) CountIn(PostgresDatabase to, string[] requestIds)
    {
        using NpgsqlConnection connection = to.Open();
        using var command = new NpgsqlCommand("SELECT COUNT(*), COALESCE(SUM(cost_pico), 0)::bigint FROM ledger WHERE request_id = ANY($1);", connection);
        command.Parameters.AddWithValue(requestIds);
        using NpgsqlDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The next ledger rows of the SQLite file after row id <paramref name="after"/>, with their attempts (the tags are the row's own column).</summary>
    private static List<(long Id, LedgerEntry Entry)> ReadLedger(SqliteDatabase from, long after, int limit)
    {
        using DbConnection connection = from.OpenConnection();
        var attempts = new Dictionary<long, List<LedgerAttempt>>();
        using (DbCommand command = connection.Command("""
            SELECT a.ledger_id, a.number, a.deployment, a.started_ms, a.elapsed_ms, a.outcome, a.upstream_status, a.input_tokens,
                   a.cached_tokens, a.cache_write_tokens, a.output_tokens, a.reasoning_tokens, a.cost_pico
            FROM ledger_attempts a WHERE a.ledger_id IN (SELECT id FROM ledger WHERE id > @after ORDER BY id LIMIT @limit) ORDER BY a.ledger_id, a.number;
            """).Long("@after", after).Long("@limit", limit))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                long id = r.GetInt64(0);
                (attempts.TryGetValue(id, out var list) ? list : attempts[id] = []).Add(new LedgerAttempt(
                    (int)r.GetInt64(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), r.GetDouble(4), r.GetString(5),
                    r.LongOrNull(6) is long status ? (int)status : null, r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11),
                    Money.FromPico(r.LongOrNull(12))));
            }
        }

        using DbCommand rows = connection.Command("""
            SELECT id, ts_ms, request_id, key_id, user_name, project, agent, operation, repository, tags, requested_model, provider, model,
                   deployment, input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_pico, cost_estimated,
                   saved_pico, tokens_saved, latency_ms, ttft_ms, status, outcome, error, attempts, cache_hit, stream, protocol, route,
                   route_reason, budget_tier, cache_status, cache_saved_tokens, guard
            FROM ledger WHERE id > @after ORDER BY id LIMIT @limit;
            """).Long("@after", after).Long("@limit", limit);
        using DbDataReader row = rows.ExecuteReader();
        var entries = new List<(long, LedgerEntry)>();
        while (row.Read())
        {
            long id = row.GetInt64(0);
            entries.Add((id, new LedgerEntry
            {
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(1)),
                RequestId = row.GetString(2),
                KeyId = row.TextOrNull(3),
                User = row.TextOrNull(4),
                Project = row.TextOrNull(5),
                Agent = row.TextOrNull(6),
                Operation = row.GetString(7),
                Repository = row.TextOrNull(8),
                Tags = row.TextOrNull(9) is { } joined ? joined.Split(',') : [],
                RequestedModel = row.TextOrNull(10),
                Provider = row.TextOrNull(11),
                Model = row.TextOrNull(12),
                Deployment = row.TextOrNull(13),
                InputTokens = row.GetInt64(14),
                CachedInputTokens = row.GetInt64(15),
                CacheWriteTokens = row.GetInt64(16),
                OutputTokens = row.GetInt64(17),
                ReasoningTokens = row.GetInt64(18),
                CostUsd = Money.FromPico(row.LongOrNull(19)),
                CostEstimated = row.Flag(20),
                SavedUsd = Money.FromPico(row.LongOrNull(21)),
                TokensSaved = row.GetInt64(22),
                LatencyMs = row.GetDouble(23),
                TimeToFirstTokenMs = row.IsDBNull(24) ? null : row.GetDouble(24),
                Status = (int)row.GetInt64(25),
                Outcome = row.GetString(26),
                ErrorMessage = row.TextOrNull(27),
                Attempts = (int)row.GetInt64(28),
                CacheHit = row.Flag(29),
                Stream = row.Flag(30),
                Protocol = row.TextOrNull(31),
                Route = row.TextOrNull(32),
                RouteReason = row.TextOrNull(33),
                BudgetTier = row.TextOrNull(34),
                CacheOutcome = row.TextOrNull(35),
                CacheSavedTokens = row.GetInt64(36),
                Guard = row.TextOrNull(37),
                AttemptDetails = attempts.TryGetValue(id, out var a) ? a : [],
            }));
        }

        return entries;
    }
}
