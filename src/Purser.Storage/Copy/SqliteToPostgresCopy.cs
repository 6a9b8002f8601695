using System.Data.Common;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Purser.Ledger;
using Purser.Pricing;
using Purser.Storage.Postgres;
using Purser.Storage.Sql;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Copy;

/// <summary>
/// <c>purser db copy</c>: moves a laptop's history from its SQLite file into the team's PostgreSQL database — every table
/// that holds it. The ledger goes through the PostgreSQL ledger store's own write path, a batch per transaction (its
/// attempts, tags and hourly rollups with it), and a request id already in the target is skipped. Every other table
/// (<see cref="Tables"/>) is streamed a batch at a time into a temporary table (binary COPY) and inserted from there where
/// the target has no row with the same key; ids the target numbers itself (notes, repositories, templates, analyses,
/// alerts) are renumbered and their child rows follow. So the copy is idempotent, and one that stopped half-way is
/// resumed by running it again. Afterwards every table is verified: the source's rows are found in the target and,
/// where a table holds money, its pico-dollars summed on both sides.
/// </summary>
/// <remarks>
/// Not copied: what the target derives itself (the hourly rollups, from the ledger rows; the shared budget counters,
/// from the ledger) and what belongs to one process (the migrations table). The prompt library is a file, not a table.
/// </remarks>
internal static class SqliteToPostgresCopy
{
    private const int BatchSize = 1_000;

    /// <summary>Every table copied besides the ledger, parents before their children.</summary>
    internal static readonly IReadOnlyList<CopiedRows> Tables =
    [
        new("virtual_keys", ["id"], Merge: "UPDATE virtual_keys t SET revoked_ms = c.revoked_ms FROM _copy c WHERE t.id = c.id AND t.revoked_ms IS NULL AND c.revoked_ms IS NOT NULL;"),
        new("budgets", ["name"]),
        new("sessions", ["id"], Merge: "UPDATE sessions t SET ended_ms = c.ended_ms, exit_code = c.exit_code FROM _copy c WHERE t.id = c.id AND t.ended_ms IS NULL AND c.ended_ms IS NOT NULL;"),
        new("budget_alerts", ["budget", "value", "window_start_ms", "level"], Identity: "id"),
        new("cache_entries", ["key"]),
        new("responses", ["id"]),
        new("analyses", ["created_ms", "full_path", "content_hash", "prompt_name", "prompt_version", "model"], Identity: "id", Money: "cost_pico"),
        new("repositories", ["root"], Identity: "id"),
        new("repository_files", ["repository_id", "path"], Parent: ("repository_id", "repositories")),
        new("notes", ["created_ms", "text"], Identity: "id"),
        new("note_tags", ["note_id", "tag"], Parent: ("note_id", "notes")),
        new("templates", ["signature"], Identity: "id"),
        new("template_history", ["template_id", "version"], Parent: ("template_id", "templates")),
    ];

    /// <param name="progress">Told the ledger rows read so far.</param>
    public static async Task<IReadOnlyList<CopiedTable>> CopyAsync(SqliteDatabase from, PostgresDatabase to, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var copied = new List<CopiedTable> { await CopyLedgerAsync(from, to, progress, cancellationToken) };
        var ids = new Dictionary<string, Dictionary<long, long>>(StringComparer.Ordinal);
        foreach (CopiedRows table in Tables)
        {
            copied.Add(await CopyTableAsync(from, to, table, ids, cancellationToken));
        }

        return copied;
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

    /// <summary>Streams one table from the SQLite file into the target, a batch per transaction; the ids the target gave a parent's rows are kept in <paramref name="ids"/> for its children.</summary>
    private static async Task<CopiedTable> CopyTableAsync(SqliteDatabase from, PostgresDatabase to, CopiedRows table, Dictionary<string, Dictionary<long, long>> ids, CancellationToken cancellationToken)
    {
        List<(string Name, NpgsqlDbType Type)> columns = await ColumnsAsync(from, to, table.Table, cancellationToken);
        int money = table.Money is null ? -1 : columns.FindIndex(c => c.Name == table.Money);
        int parent = table.Parent is { } p ? columns.FindIndex(c => c.Name == p.Column) : -1;
        Dictionary<long, long>? parents = table.Parent is { } of ? ids.GetValueOrDefault(of.Table, []) : null;
        Dictionary<long, long>? renumbered = table.Identity is null ? null : ids[table.Table] = [];
        long rows = 0, written = 0, found = 0, sourceSum = 0, targetSum = 0;
        using DbConnection source = from.OpenConnection();
        using DbCommand read = source.Command($"SELECT {string.Join(", ", columns.Select(c => c.Name))} FROM {table.Table}{(table.Identity is null ? "" : " ORDER BY " + table.Identity)};");
        using DbDataReader reader = read.ExecuteReader();
        var batch = new List<object?[]>(BatchSize);
        bool more = true;
        while (more)
        {
            more = reader.Read();
            if (more)
            {
                object?[] values = new object?[columns.Count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : Convert(reader.GetValue(i), columns[i].Type);
                }

                rows++;
                sourceSum += money < 0 ? 0 : (long?)values[money] ?? 0;
                // A child whose parent was not copied (another row held its key in the target) stays behind, and shows as missing.
                if (parents is null)
                {
                    batch.Add(values);
                }
                else if (parents.TryGetValue((long)values[parent]!, out long parentId))
                {
                    values[parent] = parentId;
                    batch.Add(values);
                }
            }

            if (batch.Count == BatchSize || (!more && batch.Count > 0))
            {
                (long w, long f, long sum) = await WriteBatchAsync(to, table, columns, batch, renumbered, cancellationToken);
                written += w;
                found += f;
                targetSum += sum;
                batch.Clear();
            }
        }

        return new CopiedTable(table.Table, rows, written, found, sourceSum, targetSum);
    }

    /// <summary>One batch: into a temporary table by binary COPY, then inserted where the target has no row of the same key; returns what was written, what of the batch the target holds and its money.</summary>
    private static ValueTask<(long Written, long Found, long Sum)> WriteBatchAsync(PostgresDatabase to, CopiedRows table, List<(string Name, NpgsqlDbType Type)> columns, List<object?[]> batch, Dictionary<long, long>? renumbered, CancellationToken cancellationToken) =>
        to.RunAsync(async connection =>
        {
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE _copy (LIKE {table.Table} INCLUDING DEFAULTS) ON COMMIT DROP;", connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (NpgsqlBinaryImporter import = await connection.BeginBinaryImportAsync($"COPY _copy ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY);", cancellationToken))
            {
                foreach (object?[] row in batch)
                {
                    await import.StartRowAsync(cancellationToken);
                    for (int i = 0; i < columns.Count; i++)
                    {
                        await (row[i] is null ? import.WriteNullAsync(cancellationToken) : import.WriteAsync(row[i], columns[i].Type, cancellationToken));
                    }
                }

                await import.CompleteAsync(cancellationToken);
            }

            string match = string.Join(" AND ", table.Key.Select(k => $"t.{k} = c.{k}"));
            string[] inserted = [.. columns.Where(c => c.Name != table.Identity).Select(c => c.Name)];
            long written;
            await using (var insert = new NpgsqlCommand($"""
                INSERT INTO {table.Table} ({string.Join(", ", inserted)})
                SELECT {string.Join(", ", inserted.Select(c => "c." + c))} FROM _copy c WHERE NOT EXISTS (SELECT 1 FROM {table.Table} t WHERE {match})
                ON CONFLICT DO NOTHING;
                """, connection, transaction))
            {
                written = await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            if (table.Merge is not null)
            {
                await using var merge = new NpgsqlCommand(table.Merge, connection, transaction);
                await merge.ExecuteNonQueryAsync(cancellationToken);
            }

            long found = 0, sum = 0;
            await using (var verify = new NpgsqlCommand($"""
                SELECT {(table.Identity is null ? "0::bigint" : "c." + table.Identity)}, x.id, x.money
                FROM _copy c LEFT JOIN LATERAL (
                    SELECT {(table.Identity is null ? "0::bigint" : "t." + table.Identity)} AS id, {(table.Money is null ? "0::bigint" : $"coalesce(t.{table.Money}, 0)")} AS money
                    FROM {table.Table} t WHERE {match}{(table.Identity is null ? "" : " ORDER BY t." + table.Identity)} LIMIT 1) x ON true;
                """, connection, transaction))
            await using (NpgsqlDataReader reader = await verify.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.IsDBNull(1))
                    {
                        continue;
                    }

                    found++;
                    sum += reader.GetInt64(2);
                    renumbered?.TryAdd(reader.GetInt64(0), reader.GetInt64(1));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return (written, found, sum);
        }, cancellationToken);

    /// <summary>The target table's columns the SQLite file also has, with their PostgreSQL types.</summary>
    private static async Task<List<(string Name, NpgsqlDbType Type)>> ColumnsAsync(SqliteDatabase from, PostgresDatabase to, string table, CancellationToken cancellationToken)
    {
        var inSource = new HashSet<string>(StringComparer.Ordinal);
        using (DbConnection source = from.OpenConnection())
        using (DbCommand pragma = source.Command($"SELECT name FROM pragma_table_info('{table}');"))
        using (DbDataReader names = pragma.ExecuteReader())
        {
            while (names.Read())
            {
                inSource.Add(names.GetString(0));
            }
        }

        return await to.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position;", connection);
            command.Parameters.AddWithValue(table);
            var columns = new List<(string, NpgsqlDbType)>();
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                string name = reader.GetString(0);
                if (inSource.Contains(name))
                {
                    columns.Add((name, reader.GetString(1) switch
                    {
                        "bigint" => NpgsqlDbType.Bigint,
                        "integer" => NpgsqlDbType.Integer,
                        "smallint" => NpgsqlDbType.Smallint,
                        "double precision" => NpgsqlDbType.Double,
                        "text" => NpgsqlDbType.Text,
                        "bytea" => NpgsqlDbType.Bytea,
                        string other => throw new NotSupportedException($"purser db copy: column {table}.{name} has type {other}, which the copy does not know."),
                    }));
                }
            }

            return columns;
        }, cancellationToken);
    }

    /// <summary>A SQLite value (integer, real, text or blob) as the CLR type of the PostgreSQL column.</summary>
    private static object Convert(object value, NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Bigint => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Integer => System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Smallint => System.Convert.ToInt16(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Double => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Bytea => value as byte[] ?? Encoding.UTF8.GetBytes(System.Convert.ToString(value, CultureInfo.InvariantCulture)!),
        _ => value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

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
        using (DbCommand command = connection.Command($"""
            SELECT a.ledger_id, {SqlCallStore.AttemptColumns}
            FROM ledger_attempts a WHERE a.ledger_id IN (SELECT id FROM ledger WHERE id > @after ORDER BY id LIMIT @limit) ORDER BY a.ledger_id, a.number;
            """).Long("@after", after).Long("@limit", limit))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                long id = r.GetInt64(0);
                (attempts.TryGetValue(id, out var list) ? list : attempts[id] = []).Add(SqlCallStore.ReadAttempt(r, 1));
            }
        }

        using DbCommand rows = connection.Command($"SELECT {SqlCallStore.Columns} FROM ledger l WHERE l.id > @after ORDER BY l.id LIMIT @limit;").Long("@after", after).Long("@limit", limit);
        using DbDataReader row = rows.ExecuteReader();
        var entries = new List<(long, LedgerEntry)>();
        while (row.Read())
        {
            long id = row.GetInt64(0);
            entries.Add((id, SqlCallStore.ReadEntry(row, attempts.TryGetValue(id, out var a) ? a : [])));
        }

        return entries;
    }
}
