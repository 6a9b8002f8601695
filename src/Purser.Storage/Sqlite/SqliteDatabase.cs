using System.Data.Common;
using Microsoft.Data.Sqlite;
using Purser.Errors;
using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>
/// The embedded database: one file, WAL journal (readers never block the writer), synchronous=NORMAL
/// (a committed transaction survives a process crash), migrations applied at open. It keeps one idle connection to
/// the file it opened, so <see cref="CheckFile"/> can tell when the file at its path was deleted or replaced (writes
/// would then go to a file nobody will open again); from then on <see cref="Open"/> refuses. No connection checkpoints
/// the WAL when it commits (<c>wal_autocheckpoint=0</c>): <see cref="SqliteCheckpointer"/> does it in the background.
/// </summary>
internal sealed class SqliteDatabase : ISqlDatabase, IStorageDatabase, IDisposable
{
    /// <summary>SQLite's own largest max_page_count (no limit).</summary>
    private const long SqliteMaxPageCount = 4294967294;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly Lock _sentinelGate = new();
    private SqliteConnection? _sentinel;
    private readonly SqliteCheckpointer _checkpointer;
    private volatile string? _lost;

    /// <summary>How long a statement waits for a lock another process holds by default (Purser:Database:LockTimeoutSeconds).</summary>
    public const int DefaultLockTimeoutSeconds = 5;

    /// <param name="maxSizeBytes">The most the file may grow to (SQLite's max_page_count on every connection); past it a write fails with "database or disk is full", as on a full disk.</param>
    /// <param name="lockTimeoutSeconds">How long a statement waits for a lock held by another connection before it fails with "database is locked" (SQLite's busy_timeout and the command timeout, which retries on busy).</param>
    /// <param name="time">Drives the background WAL checkpoints (<see cref="SqliteCheckpointer"/>); the system clock by default.</param>
    public SqliteDatabase(string path, long? maxSizeBytes = null, int lockTimeoutSeconds = DefaultLockTimeoutSeconds, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lockTimeoutSeconds, 1);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = lockTimeoutSeconds,
        }.ToString();
        // Set on every connection, the default too: a pooled connection keeps what it was last given.
        long maxPages = maxSizeBytes is long max ? Math.Max(1, max / 4096) : SqliteMaxPageCount;
        _pragmas = $"PRAGMA busy_timeout={lockTimeoutSeconds * 1000}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA max_page_count={maxPages}; PRAGMA wal_autocheckpoint=0;";
        Migrate();
        _sentinel = new SqliteConnection(_connectionString + ";Pooling=False");
        _sentinel.Open();
        _checkpointer = new SqliteCheckpointer(_connectionString, time ?? TimeProvider.System);
    }

    /// <summary>Runs a background-style PASSIVE checkpoint now; false when it could not run (for tests).</summary>
    internal bool CheckpointNow() => _checkpointer.Checkpoint();

    public string Path { get; }

    public string Provider => "sqlite";

    public string Location => Path;

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public DbConnection OpenConnection() => Open();

    /// <summary>The file is local: it is there whenever the process is (a lost file is the ledger's problem, see <see cref="CheckFile"/>).</summary>
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>The file and its write-ahead log, in bytes.</summary>

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

    /// <summary>Why the database may no longer be used, once <see cref="CheckFile"/> found its file gone or replaced.</summary>
    public string? Lost => _lost;

    /// <summary>
    /// Null while the file at <see cref="Path"/> is the one opened at start; otherwise what happened to it (and the
    /// database is refused from then on). Two system calls; safe to call before every batch.
    /// </summary>
    public string? CheckFile()
    {
        if (_lost is { } lost)
        {
            return lost;
        }

        string? problem;
        lock (_sentinelGate)
        {
            if (_sentinel is null)
            {
                return null;
            }

            problem = !File.Exists(Path) ? $"the database file {Path} was deleted while Purser was running"
                : SqliteFileControl.HasMoved(_sentinel) == true ? $"the database file {Path} was replaced by another file while Purser was running"
                : null;
        }

        if (problem is not null)
        {
            _lost = problem;
            SqliteConnection.ClearAllPools();
        }

        return problem;
    }

    /// <summary>Opens a pooled connection with Purser's pragmas set.</summary>
    /// <exception cref="StorageUnavailableException">The file was deleted or replaced while Purser ran (<see cref="CheckFile"/>).</exception>
    public SqliteConnection Open()
    {
        if (_lost is { } lost)
        {
            throw new StorageUnavailableException($"The database cannot be used: {lost}. Restart Purser.");
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using SqliteCommand pragmas = connection.CreateCommand();
        pragmas.CommandText = _pragmas;
        pragmas.ExecuteNonQuery();
        return connection;
    }

    public void Dispose()
    {
        _checkpointer.Dispose();
        lock (_sentinelGate)
        {
            _sentinel?.Dispose();
            _sentinel = null;
        }
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
