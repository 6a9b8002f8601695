using System.Data.Common;
using Microsoft.Data.Sqlite;
using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>
/// The embedded database: one file, WAL journal (readers never block the writer), synchronous=NORMAL
/// (a committed transaction survives a process crash), migrations applied at open.
/// </summary>
public sealed class SqliteDatabase : ISqlDatabase, IStorageDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Migrate();
    }

    public string Path { get; }

    public string Provider => "sqlite";

    public string Location => Path;

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public DbConnection OpenConnection() => Open();

    /// <summary>The file and its write-ahead log, in bytes.</summary>
    /// <summary>The file is local: it is there whenever the process is.</summary>
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public long SizeBytes()
    {
        long size = 0;
        foreach (string suffix in new[] { "", "-wal" })
        {
            var file = new FileInfo(Path + suffix);
            size += file.Exists ? file.Length : 0;
        }

        return size;
    }

    /// <summary>The schema version after migration.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Opens a pooled connection with Purser's pragmas set.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using SqliteCommand pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private void Migrate()
    {
        using SqliteConnection connection = Open();
        using (SqliteCommand wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        using (SqliteCommand create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";
            create.ExecuteNonQuery();
        }

        using SqliteTransaction transaction = connection.BeginTransaction();
        var applied = new HashSet<int>();
        using (SqliteCommand read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT version FROM schema_migrations;";
            using SqliteDataReader reader = read.ExecuteReader();
            while (reader.Read())
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        int newest = SqliteMigrations.All.Max(m => m.Version);
        if (applied.Count > 0 && applied.Max() > newest)
        {
            throw new InvalidOperationException($"The database {Path} has schema version {applied.Max()}, newer than this Purser knows ({newest}). Upgrade Purser.");
        }

        foreach (SqliteMigration migration in SqliteMigrations.All.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            using SqliteCommand apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = migration.Sql;
            apply.ExecuteNonQuery();
            using SqliteCommand record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%fZ','now'));";
            record.Parameters.AddWithValue("$v", migration.Version);
            record.Parameters.AddWithValue("$n", migration.Name);
            record.ExecuteNonQuery();
        }

        transaction.Commit();
        SchemaVersion = newest;
    }
}
