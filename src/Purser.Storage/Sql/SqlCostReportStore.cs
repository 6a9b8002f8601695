using System.Data.Common;
using Purser.Pricing;
using Purser.Reports;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Sql;

/// <summary>
/// Cost reports from the ledger: whole hours from the hourly rollup, the partial hours at the range's edges
/// from the ledger rows themselves. Exact integer sums either way; a million rows report in milliseconds.
/// </summary>
internal abstract class SqlCostReportStore(ISqlDatabase database) : ICostReportStore
{
    public Task<CostReport> QueryAsync(CostQuery query, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        SqlDialect dialect = database.Dialect;
        var range = new Range(query);
        CostTotals totals = Sum(connection, dialect, range, "total", "r.key", "''", "ledger l").GetValueOrDefault("", new CostTotals());

        var groups = new List<CostGroup>();
        if (query.GroupBy is ReportGrouping grouping)
        {
            Dictionary<string, CostTotals> byKey = grouping == ReportGrouping.Day
                ? Sum(connection, dialect, range, "total", dialect.DayOfMs("r.hour_ms"), dialect.DayOfMs("l.ts_ms"), "ledger l")
                : Sum(connection, dialect, range, DimensionOf(grouping), "r.key", RawColumn(grouping), From(grouping, dialect));
            IEnumerable<KeyValuePair<string, CostTotals>> ordered = grouping == ReportGrouping.Day
                ? byKey.OrderByDescending(g => g.Key, StringComparer.Ordinal)
                : byKey.OrderByDescending(g => g.Value.KnownCostUsd).ThenByDescending(g => g.Value.Calls).ThenBy(g => g.Key, StringComparer.Ordinal);
            groups.AddRange(ordered.Select(g => new CostGroup(g.Key.Length == 0 ? "(none)" : g.Key, g.Value)));
        }

        var recent = new List<RecentCall>();
        if (query.Recent > 0)
        {
            using DbCommand command = connection.Command($"""
                SELECT ts_ms, request_id, operation, deployment, project, input_tokens, output_tokens, cost_pico, cost_estimated, outcome, cache_hit, route, latency_ms
                FROM ledger WHERE ts_ms < @until {(query.Since is null ? "" : "AND ts_ms >= @since")} ORDER BY id DESC LIMIT @limit;
                """).Long("@until", range.Until).Long("@since", range.Since ?? 0).Long("@limit", query.Recent);
            using DbDataReader reader = command.ExecuteReader();
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
                    reader.Flag(8),
                    reader.GetString(9),
                    reader.Flag(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.GetDouble(12)));
            }
        }

        return Task.FromResult(new CostReport(query.Since, query.Until, totals, groups, recent));
    }

    /// <summary>Totals per key of a dimension over a range, read from the rollups (for the cache's statistics too).</summary>
    internal static Dictionary<string, CostTotals> TotalsBy(DbConnection connection, SqlDialect dialect, DateTimeOffset? since, DateTimeOffset until, ReportGrouping grouping) =>
        Sum(connection, dialect, new Range(new CostQuery(since, until)), DimensionOf(grouping), "r.key", RawColumn(grouping), From(grouping, dialect));

    public Task<CostSeries> SeriesAsync(CostSeriesQuery query, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        SqlDialect dialect = database.Dialect;
        var range = new Range(new CostQuery(query.Since, query.Until));
        long bucket = query.Bucket == ReportBucket.Day ? 24 * LedgerRollup.HourMs : LedgerRollup.HourMs;
        string dim = query.GroupBy is ReportGrouping g ? DimensionOf(g) : "total";
        string raw = query.GroupBy is ReportGrouping grouping ? RawColumn(grouping) : "''";
        string separator = dialect.IsPostgres ? "chr(31)" : "char(31)";
        Dictionary<string, CostTotals> sums = Sum(
            connection,
            dialect,
            range,
            dim,
            $"((r.hour_ms / {bucket}) * {bucket}) || {separator} || r.key",
            $"((l.ts_ms / {bucket}) * {bucket}) || {separator} || {(dialect.IsPostgres ? $"COALESCE({raw}, '')" : raw)}",
            query.GroupBy is ReportGrouping by ? From(by, dialect) : "ledger l");
        var points = new List<CostSeriesPoint>(sums.Count);
        foreach (var (composite, totals) in sums)
        {
            int split = composite.IndexOf('\u001f', StringComparison.Ordinal);
            long start = long.Parse(composite.AsSpan(0, split), System.Globalization.CultureInfo.InvariantCulture);
            string key = composite[(split + 1)..];
            points.Add(new CostSeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(start), key.Length == 0 && query.GroupBy is not null ? "(none)" : key, totals));
        }

        points.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Key, b.Key));
        return Task.FromResult(new CostSeries(query.Since, query.Until, query.Bucket.ToString().ToLowerInvariant(), query.GroupBy?.ToString().ToLowerInvariant(), points));
    }

    /// <summary>
    /// Sums per key over the range: the rollup for whole hours (keyed by <paramref name="rollupKey"/> over rows r of
    /// dimension <paramref name="dim"/>), the ledger for the edges (keyed by <paramref name="ledgerKey"/> over
    /// <paramref name="from"/>, whose ledger is aliased l).
    /// </summary>
    private static Dictionary<string, CostTotals> Sum(DbConnection connection, SqlDialect dialect, Range range, string dim, string rollupKey, string ledgerKey, string from)
    {
        var result = new Dictionary<string, CostTotals>(StringComparer.Ordinal);
        if (range.HasWholeHours)
        {
            using DbCommand command = connection.Command($"""
                SELECT {rollupKey}, {ReportSums.Rollup(dialect)} FROM ledger_rollup r
                WHERE r.dim = @dim AND r.hour_ms < @hourEnd {(range.Since is null ? "" : "AND r.hour_ms >= @hourStart")}
                GROUP BY 1;
                """).Text("@dim", dim).Long("@hourStart", range.HourStart).Long("@hourEnd", range.HourEnd);
            Read(command, result);
        }

        foreach ((long start, long end) in range.Edges)
        {
            using DbCommand command = connection.Command($"SELECT {ledgerKey}, {ReportSums.Ledger(dialect)} FROM {from} WHERE l.ts_ms >= @start AND l.ts_ms < @end GROUP BY 1;")
                .Long("@start", start).Long("@end", end);
            Read(command, result);
        }

        return result;
    }

    /// <summary>
    /// The ledger rows a dimension reads: tags join their table (in SQLite a CROSS JOIN keeps the ledger outermost, so
    /// the time range narrows the rows before tags are looked up).
    /// </summary>
    private static string From(ReportGrouping grouping, SqlDialect dialect) => grouping != ReportGrouping.Tag
        ? "ledger l"
        : dialect.IsPostgres ? "ledger l JOIN ledger_tags t ON t.ledger_id = l.id" : "ledger l CROSS JOIN ledger_tags t ON t.ledger_id = l.id";

    private static void Read(DbCommand command, Dictionary<string, CostTotals> into)
    {
        using DbDataReader r = command.ExecuteReader();
        while (r.Read())
        {
            if (Long(r, 1) == 0)
            {
                continue;
            }

            string key = r.IsDBNull(0) ? "" : r.GetString(0);
            var totals = new CostTotals
            {
                Calls = Long(r, 1),
                Errors = Long(r, 2),
                CacheHits = Long(r, 3),
                InputTokens = Long(r, 4),
                CachedTokens = Long(r, 5),
                CacheWriteTokens = Long(r, 6),
                OutputTokens = Long(r, 7),
                ReasoningTokens = Long(r, 8),
                KnownCostUsd = Money.FromPico(Long(r, 9)),
                UnknownCostCalls = Long(r, 10),
                EstimatedCalls = Long(r, 11),
                SavedUsd = Money.FromPico(Long(r, 12)),
                TokensSaved = Long(r, 13),
                CacheSavedTokens = Long(r, 14),
                CacheMisses = Long(r, 15),
                CacheBypassed = Long(r, 16),
                CacheSavedUsd = Money.FromPico(Long(r, 17)),
            };
            into[key] = into.TryGetValue(key, out CostTotals? existing) ? Add(existing, totals) : totals;
        }
    }

    private static CostTotals Add(CostTotals a, CostTotals b) => new()
    {
        Calls = a.Calls + b.Calls,
        Errors = a.Errors + b.Errors,
        CacheHits = a.CacheHits + b.CacheHits,
        InputTokens = a.InputTokens + b.InputTokens,
        CachedTokens = a.CachedTokens + b.CachedTokens,
        CacheWriteTokens = a.CacheWriteTokens + b.CacheWriteTokens,
        OutputTokens = a.OutputTokens + b.OutputTokens,
        ReasoningTokens = a.ReasoningTokens + b.ReasoningTokens,
        KnownCostUsd = a.KnownCostUsd + b.KnownCostUsd,
        UnknownCostCalls = a.UnknownCostCalls + b.UnknownCostCalls,
        EstimatedCalls = a.EstimatedCalls + b.EstimatedCalls,
        SavedUsd = a.SavedUsd + b.SavedUsd,
        TokensSaved = a.TokensSaved + b.TokensSaved,
        CacheSavedTokens = a.CacheSavedTokens + b.CacheSavedTokens,
        CacheMisses = a.CacheMisses + b.CacheMisses,
        CacheBypassed = a.CacheBypassed + b.CacheBypassed,
        CacheSavedUsd = a.CacheSavedUsd + b.CacheSavedUsd,
    };

    private static string DimensionOf(ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Model => "model",
        ReportGrouping.Provider => "provider",
        ReportGrouping.Project => "project",
        ReportGrouping.Agent => "agent",
        ReportGrouping.Operation => "operation",
        ReportGrouping.Repository => "repository",
        ReportGrouping.Key => "key",
        ReportGrouping.User => "user",
        ReportGrouping.Tag => "tag",
        _ => throw new ArgumentOutOfRangeException(nameof(grouping)),
    };

    private static string RawColumn(ReportGrouping grouping) => grouping == ReportGrouping.Tag
        ? "t.tag"
        : LedgerRollup.Dimensions.Single(d => d.Dim == DimensionOf(grouping)).Column;

    private static long Long(DbDataReader reader, int ordinal) => reader.LongOrZero(ordinal);

    /// <summary>A report range split into whole rollup hours and the ledger edges around them.</summary>
    private readonly struct Range
    {
        public Range(CostQuery query)
        {
            Until = query.Until.ToUnixTimeMilliseconds();
            Since = query.Since?.ToUnixTimeMilliseconds();
            HourEnd = Until / LedgerRollup.HourMs * LedgerRollup.HourMs;
            HourStart = Since is long s ? (s + LedgerRollup.HourMs - 1) / LedgerRollup.HourMs * LedgerRollup.HourMs : 0;
            if (Since is long since && HourStart >= HourEnd)
            {
                // Shorter than the hours around it: read the rows directly.
                HasWholeHours = false;
                Edges = [(since, Until)];
                return;
            }

            HasWholeHours = true;
            var edges = new List<(long, long)>(2);
            if (Since is long start && start < HourStart)
            {
                edges.Add((start, HourStart));
            }

            if (HourEnd < Until)
            {
                edges.Add((HourEnd, Until));
            }

            Edges = edges;
        }

        public long? Since { get; }

        public long Until { get; }

        public long HourStart { get; }

        public long HourEnd { get; }

        public bool HasWholeHours { get; }

        public IReadOnlyList<(long Start, long End)> Edges { get; }
    }
}
