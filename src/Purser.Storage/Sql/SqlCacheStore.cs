using System.Text;
using System.Data.Common;
using Purser.Caching;
using Purser.Pricing;
using Purser.Reports;
using Purser.Usage;

namespace Purser.Storage.Sql;

/// <summary>Cache entries (table cache_entries); statistics join the ledger's cache columns.</summary>
internal abstract class SqlCacheStore(ISqlDatabase database) : ICacheStore
{
    private const string Columns = """
        key, partition, operation, provider, model, created_ms, expires_ms, bytes, response, from_stream,
        input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_estimated, cost_pico
        """;

    public Task<IReadOnlyList<CacheIndexEntry>> LoadIndexAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("SELECT key, expires_ms FROM cache_entries WHERE expires_ms > @now;").Long("@now", now.ToUnixTimeMilliseconds());
        using DbDataReader reader = command.ExecuteReader();
        var entries = new List<CacheIndexEntry>();
        byte[] key = new byte[CacheKey.Length];
        while (reader.Read())
        {
            if (reader.GetBytes(0, 0, key, 0, key.Length) == CacheKey.Length)
            {
                entries.Add(new CacheIndexEntry(CacheKey.FromBytes(key), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
            }
        }

        return Task.FromResult<IReadOnlyList<CacheIndexEntry>>(entries);
    }

    public Task<CacheEntry?> GetAsync(CacheKey key, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command($"SELECT {Columns} FROM cache_entries WHERE key = @key;").Bytes("@key", key.ToBytes());
        using DbDataReader r = command.ExecuteReader();
        if (!r.Read())
        {
            return Task.FromResult<CacheEntry?>(null);
        }

        return Task.FromResult<CacheEntry?>(new CacheEntry
        {
            Key = key,
            Partition = r.GetString(1),
            Operation = r.GetString(2),
            Provider = r.GetString(3),
            Model = r.GetString(4),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
            Response = Encoding.UTF8.GetBytes(r.GetString(8)),
            FromStream = r.Flag(9),
            Usage = new TokenUsage(r.GetInt64(10), r.GetInt64(13), r.GetInt64(11), r.GetInt64(12), r.GetInt64(14), r.Flag(15)),
            CostUsd = r.IsDBNull(16) ? null : Money.FromPico(r.GetInt64(16)),
        });
    }

    public Task WriteAsync(IReadOnlyList<CacheEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        using DbConnection connection = database.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction();
        foreach (CacheEntry e in entries)
        {
            using DbCommand insert = connection.Command($"""
                INSERT INTO cache_entries ({Columns})
                VALUES (@key, @partition, @operation, @provider, @model, @created, @expires, @bytes, @response, @stream,
                    @in, @cached, @cw, @out, @reasoning, @est, @cost)
                ON CONFLICT (key) DO UPDATE SET partition = excluded.partition, operation = excluded.operation, provider = excluded.provider,
                    model = excluded.model, created_ms = excluded.created_ms, expires_ms = excluded.expires_ms, bytes = excluded.bytes,
                    response = excluded.response, from_stream = excluded.from_stream, input_tokens = excluded.input_tokens,
                    cached_tokens = excluded.cached_tokens, cache_write_tokens = excluded.cache_write_tokens, output_tokens = excluded.output_tokens,
                    reasoning_tokens = excluded.reasoning_tokens, usage_estimated = excluded.usage_estimated, cost_pico = excluded.cost_pico;
                """, transaction)
                .Bytes("@key", e.Key.ToBytes()).Text("@partition", e.Partition).Text("@operation", e.Operation).Text("@provider", e.Provider)
                .Text("@model", e.Model).Long("@created", e.CreatedAt.ToUnixTimeMilliseconds()).Long("@expires", e.ExpiresAt.ToUnixTimeMilliseconds())
                .Long("@bytes", e.Bytes).Text("@response", Encoding.UTF8.GetString(e.Response)).Flag("@stream", e.FromStream)
                .Long("@in", e.Usage.InputTokens).Long("@cached", e.Usage.CachedInputTokens).Long("@cw", e.Usage.CacheWriteTokens)
                .Long("@out", e.Usage.OutputTokens).Long("@reasoning", e.Usage.ReasoningTokens).Flag("@est", e.Usage.IsEstimated)
                .Long("@cost", Money.ToPico(e.CostUsd));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("DELETE FROM cache_entries WHERE expires_ms <= @now;").Long("@now", now.ToUnixTimeMilliseconds());
        return Task.FromResult(command.ExecuteNonQuery());
    }

    public Task<IReadOnlyList<CacheKey>> ClearAsync(CacheClearFilter filter, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        var where = new List<string>();
        if (filter.Operation is { } operation)
        {
            where.Add("operation = @operation");
            command.Text("@operation", operation);
        }

        if (filter.CreatedBefore is { } before)
        {
            where.Add("created_ms < @before");
            command.Long("@before", before.ToUnixTimeMilliseconds());
        }

        command.CommandText = "DELETE FROM cache_entries" + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where)) + " RETURNING key;";
        var keys = new List<CacheKey>();
        using DbDataReader reader = command.ExecuteReader();
        byte[] key = new byte[CacheKey.Length];
        while (reader.Read())
        {
            if (reader.GetBytes(0, 0, key, 0, key.Length) == CacheKey.Length)
            {
                keys.Add(CacheKey.FromBytes(key));
            }
        }

        return Task.FromResult<IReadOnlyList<CacheKey>>(keys);
    }

    public Task<IReadOnlyList<CacheOperationStats>> StatsAsync(DateTimeOffset? since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        var rows = new SortedDictionary<string, CacheOperationStats>(StringComparer.Ordinal);
        SqlDialect dialect = database.Dialect;
        // The ledger's cache columns, summed from the hourly rollups (and the rows at the range's edges).
        foreach (var (operation, totals) in SqlCostReportStore.TotalsBy(connection, dialect, since, now.AddMilliseconds(1), ReportGrouping.Operation))
        {
            if (totals.CacheHits + totals.CacheMisses + totals.CacheBypassed == 0)
            {
                continue;
            }

            rows[operation] = new CacheOperationStats
            {
                Operation = operation,
                Hits = totals.CacheHits,
                Misses = totals.CacheMisses,
                Bypassed = totals.CacheBypassed,
                TokensSaved = totals.CacheSavedTokens,
                SavedUsd = totals.CacheSavedUsd,
            };
        }

        using (DbCommand command = connection.Command($"SELECT operation, COUNT(*), {dialect.Sum("bytes")} FROM cache_entries WHERE expires_ms > @now GROUP BY operation;")
            .Long("@now", now.ToUnixTimeMilliseconds()))
        {
            using DbDataReader r = command.ExecuteReader();
            while (r.Read())
            {
                string operation = r.GetString(0);
                CacheOperationStats row = rows.TryGetValue(operation, out CacheOperationStats? existing) ? existing : new CacheOperationStats { Operation = operation };
                rows[operation] = row with { Entries = Long(r, 1), Bytes = Long(r, 2) };
            }
        }

        return Task.FromResult<IReadOnlyList<CacheOperationStats>>([.. rows.Values]);
    }

    private static long Long(DbDataReader reader, int ordinal) => reader.LongOrZero(ordinal);
}
