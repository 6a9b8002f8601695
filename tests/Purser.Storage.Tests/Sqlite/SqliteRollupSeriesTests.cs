using Microsoft.Data.Sqlite;
using Purser.Caching;
using Purser.Reports;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Tests.Sqlite;

/// <summary>Spend series and cache statistics read from the hourly rollups, checked against the ledger rows themselves.</summary>
public sealed class SqliteRollupSeriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 34, 56, TimeSpan.Zero);

    [Theory]
    [InlineData("hour", "model")]
    [InlineData("day", "provider")]
    [InlineData("day", "tag")]
    [InlineData("hour", null)]
    public async Task SeriesAsync_EachBucketAndKey_EqualsTheRowsOfThatBucket(string bucket, string? by)
    {
        using var temp = new TempDatabase();
        await SqliteCallStoreTests.SeedAsync(temp, 1500);
        var store = new SqliteCostReportStore(temp.Database);
        ReportGrouping? grouping = by is null ? null : Enum.Parse<ReportGrouping>(by, ignoreCase: true);
        DateTimeOffset since = Now.AddHours(-37).AddMinutes(-13);

        CostSeries series = await store.SeriesAsync(new CostSeriesQuery(since, Now, bucket == "day" ? ReportBucket.Day : ReportBucket.Hour, grouping), CancellationToken.None);

        long width = bucket == "day" ? 86_400_000 : 3_600_000;
        string key = by switch
        {
            "model" => "COALESCE(l.deployment, '')",
            "provider" => "COALESCE(l.provider, '')",
            "tag" => "t.tag",
            _ => "''",
        };
        string from = by == "tag" ? "ledger l JOIN ledger_tags t ON t.ledger_id = l.id" : "ledger l";
        var expected = Rows(temp, $"""
            SELECT (l.ts_ms / {width}) * {width}, {key}, COUNT(*), SUM(l.cost_pico) FROM {from}
            WHERE l.ts_ms >= {since.ToUnixTimeMilliseconds()} AND l.ts_ms < {Now.ToUnixTimeMilliseconds()} GROUP BY 1, 2 ORDER BY 1, 2
            """);
        series.Points.Select(p => (p.Start.ToUnixTimeMilliseconds(), p.Key == "(none)" ? "" : p.Key, p.Totals.Calls, p.Totals.KnownCostUsd))
            .ShouldBe(expected.Select(r => (r.Start, r.Key, r.Calls, r.Pico / 1_000_000_000_000m)));
        series.Bucket.ShouldBe(bucket);
    }

    [Fact]
    public async Task CacheStats_FromRollups_EqualTheLedgerRows()
    {
        using var temp = new TempDatabase();
        await SqliteCallStoreTests.SeedAsync(temp, 1500);
        var cache = new SqliteCacheStore(temp.Database);
        DateTimeOffset since = Now.AddHours(-20).AddMinutes(-7);

        IReadOnlyList<CacheOperationStats> stats = await cache.StatsAsync(since, Now, CancellationToken.None);

        AssertMatchesLedger(temp, stats, since);
    }

    [Fact]
    public async Task Migration12_FillsTheCacheColumnsOfHoursRolledUpBefore()
    {
        using var temp = new TempDatabase();
        await SqliteCallStoreTests.SeedAsync(temp, 800);

        // Back to the schema before migration 12: rollups without the cache columns, the ledger without its new
        // column and indexes; opening the database again applies migration 12 to the rows already there.
        Execute(temp, """
            DROP INDEX ix_ledger_provider_ts; DROP INDEX ix_ledger_deployment_ts; DROP INDEX ix_ledger_agent_ts;
            DROP INDEX ix_ledger_key_ts; DROP INDEX ix_ledger_route_ts; DROP INDEX ix_ledger_errors_ts;
            ALTER TABLE ledger DROP COLUMN guard;
            ALTER TABLE ledger_rollup DROP COLUMN cache_misses; ALTER TABLE ledger_rollup DROP COLUMN cache_bypassed; ALTER TABLE ledger_rollup DROP COLUMN cache_saved_pico;
            DELETE FROM schema_migrations WHERE version = 12;
            """);
        SqliteConnection.ClearAllPools();
        var reopened = new SqliteDatabase(temp.Database.Path);

        IReadOnlyList<CacheOperationStats> stats = await new SqliteCacheStore(reopened).StatsAsync(null, Now, CancellationToken.None);

        AssertMatchesLedger(temp, stats, null);
        stats.Sum(s => s.Misses).ShouldBeGreaterThan(0);
    }

    private static void AssertMatchesLedger(TempDatabase temp, IReadOnlyList<CacheOperationStats> stats, DateTimeOffset? since)
    {
        string range = $"ts_ms <= {Now.ToUnixTimeMilliseconds()}" + (since is { } s ? $" AND ts_ms >= {s.ToUnixTimeMilliseconds()}" : "");
        var expected = Rows(temp, $"""
            SELECT 0, operation, SUM(cache_status = 'hit') * 1000000 + SUM(cache_status = 'miss') * 1000 + SUM(cache_status = 'bypass'),
                   SUM(CASE WHEN cache_hit = 1 THEN saved_pico ELSE 0 END)
            FROM ledger WHERE cache_status IS NOT NULL AND {range} GROUP BY operation ORDER BY operation
            """);
        stats.Select(s => (s.Operation, (s.Hits * 1_000_000) + (s.Misses * 1000) + s.Bypassed, s.SavedUsd))
            .ShouldBe(expected.Select(r => (r.Key, r.Calls, r.Pico / 1_000_000_000_000m)));
        stats.Sum(s => s.TokensSaved).ShouldBe(Rows(temp, $"SELECT 0, '', SUM(cache_saved_tokens), 0 FROM ledger WHERE cache_hit = 1 AND {range}").Single().Calls);
    }

    private static List<(long Start, string Key, long Calls, long Pico)> Rows(TempDatabase temp, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={temp.Database.Path}");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader r = command.ExecuteReader();
        var rows = new List<(long, string, long, long)>();
        while (r.Read())
        {
            rows.Add((r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? 0 : r.GetInt64(2), r.IsDBNull(3) ? 0 : r.GetInt64(3)));
        }

        return rows;
    }

    private static void Execute(TempDatabase temp, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={temp.Database.Path}");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
