using Purser.Storage.Sqlite;

namespace Purser.Storage.Sql;

/// <summary>The report sums (<see cref="LedgerRollup.Columns"/> order) in each engine's SQL.</summary>
internal static class ReportSums
{
    private static readonly string PostgresLedger = """
        COUNT(*), COUNT(*) FILTER (WHERE l.outcome <> 'ok'), COALESCE(SUM(l.cache_hit), 0), COALESCE(SUM(l.input_tokens), 0)::bigint, COALESCE(SUM(l.cached_tokens), 0)::bigint,
        COALESCE(SUM(l.cache_write_tokens), 0)::bigint, COALESCE(SUM(l.output_tokens), 0)::bigint, COALESCE(SUM(l.reasoning_tokens), 0)::bigint, COALESCE(SUM(l.cost_pico), 0)::bigint,
        COUNT(*) FILTER (WHERE l.cost_pico IS NULL AND l.total_tokens > 0), COALESCE(SUM(l.cost_estimated), 0), COALESCE(SUM(l.saved_pico), 0)::bigint, COALESCE(SUM(l.tokens_saved), 0)::bigint,
        COALESCE(SUM(l.cache_saved_tokens), 0)::bigint,
        COUNT(*) FILTER (WHERE l.cache_status = 'miss'), COUNT(*) FILTER (WHERE l.cache_status = 'bypass'),
        COALESCE(SUM(CASE WHEN l.cache_hit = 1 THEN l.saved_pico END), 0)::bigint
        """;

    private static readonly string PostgresRollup = string.Join(", ", LedgerRollup.Columns.Split(", ").Select(c => $"SUM(r.{c})::bigint"));

    /// <summary>The sums over ledger rows aliased l.</summary>
    public static string Ledger(SqlDialect dialect) => dialect.IsPostgres ? PostgresLedger : LedgerRollup.LedgerSums;

    /// <summary>The rollup's own sums over rows aliased r.</summary>
    public static string Rollup(SqlDialect dialect) => dialect.IsPostgres ? PostgresRollup : LedgerRollup.RollupSums;
}
