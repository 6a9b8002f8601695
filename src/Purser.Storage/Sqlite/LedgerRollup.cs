using Microsoft.Data.Sqlite;
using Purser.Ledger;
using Purser.Pricing;
using Purser.Storage;

namespace Purser.Storage.Sqlite;

/// <summary>
/// Hourly sums of the ledger per report dimension (total, model, provider, project, agent, operation,
/// repository, key, user, tag), kept in the same transaction as the rows they sum. Reports read whole hours
/// from here and the partial hours at a range's edges from the ledger itself, so they stay exact and fast.
/// </summary>
internal static class LedgerRollup
{
    public const long HourMs = 3_600_000;

    /// <summary>The report dimensions and the ledger column each sums by ('' stands for none).</summary>
    public static readonly IReadOnlyList<(string Dim, string Column)> Dimensions =
    [
        ("total", "''"),
        ("model", "COALESCE(l.deployment, '')"),
        ("provider", "COALESCE(l.provider, '')"),
        ("project", "COALESCE(l.project, '')"),
        ("agent", "COALESCE(l.agent, '')"),
        ("operation", "l.operation"),
        ("repository", "COALESCE(l.repository, '')"),
        ("key", "COALESCE(l.key_id, '')"),
        ("user", "COALESCE(l.user_name, '')"),
    ];

    /// <summary>The columns of migration 3 (which must never change); migration 12 added <see cref="CacheColumns"/>.</summary>
    private const string InitialColumns = "calls, errors, cache_hits, input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_pico, unknown_cost_calls, estimated_calls, saved_pico, tokens_saved, cache_saved_tokens";

    /// <summary>Cache misses and bypasses, and what hits alone saved (templates may save too): migration 12.</summary>
    private const string CacheColumns = "cache_misses, cache_bypassed, cache_saved_pico";

    public const string Columns = InitialColumns + ", " + CacheColumns;

    private const string InitialLedgerSums = """
        COUNT(*), COALESCE(SUM(l.outcome <> 'ok'), 0), COALESCE(SUM(l.cache_hit), 0), COALESCE(SUM(l.input_tokens), 0), COALESCE(SUM(l.cached_tokens), 0),
        COALESCE(SUM(l.cache_write_tokens), 0), COALESCE(SUM(l.output_tokens), 0), COALESCE(SUM(l.reasoning_tokens), 0), COALESCE(SUM(l.cost_pico), 0),
        COALESCE(SUM(l.cost_pico IS NULL AND l.total_tokens > 0), 0), COALESCE(SUM(l.cost_estimated), 0), COALESCE(SUM(l.saved_pico), 0), COALESCE(SUM(l.tokens_saved), 0),
        COALESCE(SUM(l.cache_saved_tokens), 0)
        """;

    private const string CacheLedgerSums =
        "COALESCE(SUM(l.cache_status = 'miss'), 0), COALESCE(SUM(l.cache_status = 'bypass'), 0), COALESCE(SUM(CASE WHEN l.cache_hit = 1 THEN l.saved_pico END), 0)";

    /// <summary>The same sums over ledger rows aliased l, in <see cref="Columns"/> order.</summary>
    public const string LedgerSums = InitialLedgerSums + ", " + CacheLedgerSums;

    /// <summary>The rollup's own sums, in <see cref="Columns"/> order.</summary>
    public const string RollupSums = """
        SUM(r.calls), SUM(r.errors), SUM(r.cache_hits), SUM(r.input_tokens), SUM(r.cached_tokens), SUM(r.cache_write_tokens), SUM(r.output_tokens),
        SUM(r.reasoning_tokens), SUM(r.cost_pico), SUM(r.unknown_cost_calls), SUM(r.estimated_calls), SUM(r.saved_pico), SUM(r.tokens_saved), SUM(r.cache_saved_tokens),
        SUM(r.cache_misses), SUM(r.cache_bypassed), SUM(r.cache_saved_pico)
        """;

    /// <summary>
    /// Migration 12: the cache columns, filled in for the hours already rolled up (one pass over the ledger per dimension).
    /// </summary>
    public static string CacheColumnsMigrationSql
    {
        get
        {
            var sql = new System.Text.StringBuilder();
            foreach (string column in CacheColumns.Split(", "))
            {
                sql.Append($"ALTER TABLE ledger_rollup ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0;\n");
            }

            foreach (var (dim, column) in Dimensions)
            {
                sql.Append(CacheBackfill($"'{dim}'", column, "ledger l"));
            }

            sql.Append(CacheBackfill("'tag'", "t.tag", "ledger_tags t JOIN ledger l ON l.id = t.ledger_id"));
            return sql.ToString();
        }
    }

    private static string CacheBackfill(string dim, string key, string from) => $"""
        UPDATE ledger_rollup AS r SET cache_misses = s.m, cache_bypassed = s.b, cache_saved_pico = s.p
        FROM (SELECT {key} AS k, (l.ts_ms / {HourMs}) * {HourMs} AS h, SUM(l.cache_status = 'miss') AS m, SUM(l.cache_status = 'bypass') AS b,
                     COALESCE(SUM(CASE WHEN l.cache_hit = 1 THEN l.saved_pico END), 0) AS p
              FROM {from} WHERE l.cache_status IS NOT NULL GROUP BY 1, 2) AS s
        WHERE r.dim = {dim} AND r.key = s.k AND r.hour_ms = s.h;

        """;

    public static string MigrationSql
    {
        get
        {
            var sql = new System.Text.StringBuilder("""
                CREATE TABLE ledger_rollup (
                    dim                TEXT    NOT NULL,
                    key                TEXT    NOT NULL,
                    hour_ms            INTEGER NOT NULL,
                    calls              INTEGER NOT NULL,
                    errors             INTEGER NOT NULL,
                    cache_hits         INTEGER NOT NULL,
                    input_tokens       INTEGER NOT NULL,
                    cached_tokens      INTEGER NOT NULL,
                    cache_write_tokens INTEGER NOT NULL,
                    output_tokens      INTEGER NOT NULL,
                    reasoning_tokens   INTEGER NOT NULL,
                    cost_pico          INTEGER NOT NULL,
                    unknown_cost_calls INTEGER NOT NULL,
                    estimated_calls    INTEGER NOT NULL,
                    saved_pico         INTEGER NOT NULL,
                    tokens_saved       INTEGER NOT NULL,
                    cache_saved_tokens INTEGER NOT NULL,
                    PRIMARY KEY (dim, key, hour_ms)
                ) WITHOUT ROWID;
                CREATE INDEX ix_ledger_tags_ledger ON ledger_tags(ledger_id);

                """);
            foreach (var (dim, column) in Dimensions)
            {
                sql.Append($"INSERT INTO ledger_rollup (dim, key, hour_ms, {InitialColumns}) SELECT '{dim}', {column}, (l.ts_ms / {HourMs}) * {HourMs}, {InitialLedgerSums} FROM ledger l GROUP BY 2, 3;\n");
            }

            sql.Append($"INSERT INTO ledger_rollup (dim, key, hour_ms, {InitialColumns}) SELECT 'tag', t.tag, (l.ts_ms / {HourMs}) * {HourMs}, {InitialLedgerSums} FROM ledger_tags t JOIN ledger l ON l.id = t.ledger_id GROUP BY 2, 3;\n");
            return sql.ToString();
        }
    }

    /// <summary>The prepared upsert a <see cref="Batch"/> writes with; kept for the life of a writer connection.</summary>
    public static SqliteCommand CreateUpsert(SqliteConnection connection)
    {
        string[] names = Columns.Split(", ");
        SqliteCommand upsert = connection.CreateCommand();
        upsert.CommandText = $"""
            INSERT INTO ledger_rollup (dim, key, hour_ms, {Columns}) VALUES ($dim, $key, $hour, {string.Join(", ", names.Select(n => "$" + n))})
            ON CONFLICT (dim, key, hour_ms) DO UPDATE SET {string.Join(", ", names.Select(n => $"{n} = {n} + excluded.{n}"))};
            """;
        upsert.Parameters.Add(new SqliteParameter("$dim", SqliteType.Text));
        upsert.Parameters.Add(new SqliteParameter("$key", SqliteType.Text));
        upsert.Parameters.Add(new SqliteParameter("$hour", SqliteType.Integer));
        foreach (string name in names)
        {
            upsert.Parameters.Add(new SqliteParameter("$" + name, SqliteType.Integer));
        }

        upsert.Prepare();
        return upsert;
    }

    /// <summary>Sums of one batch, pre-aggregated in memory so each (dimension, key, hour) is one upsert.</summary>
    public sealed class Batch
    {
        private readonly Dictionary<(string Dim, string Key, long Hour), long[]> _sums = [];

        /// <summary>The sums per (dimension, key, hour), in <see cref="Columns"/> order, sorted (so writers lock rows in one order).</summary>
        public IEnumerable<KeyValuePair<(string Dim, string Key, long Hour), long[]>> Sums =>
            _sums.OrderBy(s => s.Key.Dim, StringComparer.Ordinal).ThenBy(s => s.Key.Key, StringComparer.Ordinal).ThenBy(s => s.Key.Hour);

        public void Add(LedgerEntry e)
        {
            long hour = e.Timestamp.ToUnixTimeMilliseconds() / HourMs * HourMs;
            long[] values =
            [
                1,
                e.Outcome == "ok" ? 0 : 1,
                e.CacheHit ? 1 : 0,
                e.InputTokens,
                e.CachedInputTokens,
                e.CacheWriteTokens,
                e.OutputTokens,
                e.ReasoningTokens,
                Money.ToPico(e.CostUsd) ?? 0,
                e.CostUsd is null && e.TotalTokens > 0 ? 1 : 0,
                e.CostEstimated ? 1 : 0,
                Money.ToPico(e.SavedUsd) ?? 0,
                e.TokensSaved,
                e.CacheSavedTokens,
                e.CacheOutcome == "miss" ? 1 : 0,
                e.CacheOutcome == "bypass" ? 1 : 0,
                e.CacheHit ? Money.ToPico(e.SavedUsd) ?? 0 : 0,
            ];
            Accumulate("total", "", hour, values);
            Accumulate("model", e.Deployment ?? "", hour, values);
            Accumulate("provider", e.Provider ?? "", hour, values);
            Accumulate("project", e.Project ?? "", hour, values);
            Accumulate("agent", e.Agent ?? "", hour, values);
            Accumulate("operation", e.Operation, hour, values);
            Accumulate("repository", e.Repository ?? "", hour, values);
            Accumulate("key", e.KeyId ?? "", hour, values);
            Accumulate("user", e.User ?? "", hour, values);
            foreach (string tag in e.Tags.Distinct(StringComparer.Ordinal))
            {
                Accumulate("tag", tag, hour, values);
            }
        }

        /// <summary>Adds this batch's sums to the rollups with <paramref name="upsert"/> (from <see cref="CreateUpsert"/>).</summary>
        public void Write(SqliteCommand upsert, SqliteTransaction transaction)
        {
            upsert.Transaction = transaction;
            foreach (var ((dim, key, hour), values) in _sums)
            {
                upsert.Parameters[0].Value = dim;
                upsert.Parameters[1].Value = key;
                upsert.Parameters[2].Value = hour;
                for (int i = 0; i < values.Length; i++)
                {
                    upsert.Parameters[i + 3].Value = values[i];
                }

                upsert.ExecuteNonQuery();
            }
        }

        private void Accumulate(string dim, string key, long hour, long[] values)
        {
            if (!_sums.TryGetValue((dim, key, hour), out long[]? sums))
            {
                _sums[(dim, key, hour)] = sums = new long[values.Length];
            }

            for (int i = 0; i < values.Length; i++)
            {
                sums[i] += values[i];
            }
        }
    }
}
