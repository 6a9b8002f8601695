using System.Text;
using Microsoft.Data.Sqlite;
using Purser.Pricing;
using Purser.Reports;
using Purser.Caching;
using Purser.Usage;

namespace Purser.Storage.Sqlite;

/// <summary>Cache entries in the embedded database (table cache_entries); statistics join the ledger's cache columns.</summary>
public sealed class SqliteCacheStore(SqliteDatabase database) : ICacheStore
{
    private const string Columns = """
        key, partition, operation, provider, model, created_ms, expires_ms, bytes, response, from_stream,
        input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_estimated, cost_pico
        """;

    public Task<IReadOnlyList<CacheIndexEntry>> LoadIndexAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT key, expires_ms FROM cache_entries WHERE expires_ms > $now;";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        using SqliteDataReader reader = command.ExecuteReader();
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
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM cache_entries WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key.ToBytes());
        using SqliteDataReader r = command.ExecuteReader();
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
            FromStream = r.GetInt64(9) != 0,
            Usage = new TokenUsage(r.GetInt64(10), r.GetInt64(13), r.GetInt64(11), r.GetInt64(12), r.GetInt64(14), r.GetInt64(15) != 0),
            CostUsd = r.IsDBNull(16) ? null : Money.FromPico(r.GetInt64(16)),
        });
    }

    public Task WriteAsync(IReadOnlyList<CacheEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            INSERT OR REPLACE INTO cache_entries ({Columns})
            VALUES ($key, $partition, $operation, $provider, $model, $created, $expires, $bytes, $response, $stream,
                $in, $cached, $cw, $out, $reasoning, $est, $cost);
            """;
        foreach (string name in (string[])["$key", "$partition", "$operation", "$provider", "$model", "$created", "$expires", "$bytes", "$response", "$stream", "$in", "$cached", "$cw", "$out", "$reasoning", "$est", "$cost"])
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        insert.Prepare();
        foreach (CacheEntry e in entries)
        {
            SqliteParameterCollection p = insert.Parameters;
            p["$key"].Value = e.Key.ToBytes();
            p["$partition"].Value = e.Partition;
            p["$operation"].Value = e.Operation;
            p["$provider"].Value = e.Provider;
            p["$model"].Value = e.Model;
            p["$created"].Value = e.CreatedAt.ToUnixTimeMilliseconds();
            p["$expires"].Value = e.ExpiresAt.ToUnixTimeMilliseconds();
            p["$bytes"].Value = e.Bytes;
            p["$response"].Value = Encoding.UTF8.GetString(e.Response);
            p["$stream"].Value = e.FromStream ? 1 : 0;
            p["$in"].Value = e.Usage.InputTokens;
            p["$cached"].Value = e.Usage.CachedInputTokens;
            p["$cw"].Value = e.Usage.CacheWriteTokens;
            p["$out"].Value = e.Usage.OutputTokens;
            p["$reasoning"].Value = e.Usage.ReasoningTokens;
            p["$est"].Value = e.Usage.IsEstimated ? 1 : 0;
            p["$cost"].Value = Money.ToPico(e.CostUsd) is long pico ? pico : DBNull.Value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM cache_entries WHERE expires_ms <= $now;";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return Task.FromResult(command.ExecuteNonQuery());
    }

    public Task<IReadOnlyList<CacheKey>> ClearAsync(CacheClearFilter filter, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        var where = new List<string>();
        if (filter.Operation is { } operation)
        {
            where.Add("operation = $operation");
            command.Parameters.AddWithValue("$operation", operation);
        }

        if (filter.CreatedBefore is { } before)
        {
            where.Add("created_ms < $before");
            command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        }

        command.CommandText = "DELETE FROM cache_entries" + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where)) + " RETURNING key;";
        var keys = new List<CacheKey>();
        using SqliteDataReader reader = command.ExecuteReader();
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
        using SqliteConnection connection = database.Open();
        var rows = new SortedDictionary<string, CacheOperationStats>(StringComparer.Ordinal);
        // The ledger's cache columns, summed from the hourly rollups (and the rows at the range's edges).
        foreach (var (operation, totals) in SqliteCostReportStore.TotalsBy(connection, since, now.AddMilliseconds(1), ReportGrouping.Operation))
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

        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT operation, COUNT(*), SUM(bytes) FROM cache_entries WHERE expires_ms > $now GROUP BY operation;";
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            using SqliteDataReader r = command.ExecuteReader();
            while (r.Read())
            {
                string operation = r.GetString(0);
                CacheOperationStats row = rows.TryGetValue(operation, out CacheOperationStats? existing) ? existing : new CacheOperationStats { Operation = operation };
                rows[operation] = row with { Entries = Long(r, 1), Bytes = Long(r, 2) };
            }
        }

        return Task.FromResult<IReadOnlyList<CacheOperationStats>>([.. rows.Values]);
    }

    private static long Long(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);
}
