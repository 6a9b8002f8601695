using Microsoft.Data.Sqlite;

namespace Purser.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file in the background, on its own connection, so that no committing
/// connection does it. With SQLite's default auto-checkpoint, the commit that takes the WAL past 1,000 pages also
/// writes them all into the database file and syncs it before it returns: at one row per transaction about one call in
/// a hundred waited for that (the tail latency of a strict-ledger call). Every connection here runs with
/// <c>wal_autocheckpoint=0</c> instead, and this runs a PASSIVE checkpoint every <see cref="Period"/>: it never waits
/// for readers or writers and does what it can; what it could not do is done by the next one.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>How often the WAL is checkpointed: often enough to keep it a few MB under a full load of writes.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly SqliteConnection _connection;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _disposed;

    public SqliteCheckpointer(string connectionString, TimeProvider time)
    {
        _connection = new SqliteConnection(connectionString + ";Pooling=False");
        _connection.Open();
        _timer = time.CreateTimer(_ => Checkpoint(), null, Period, Period);
    }

    /// <summary>Checkpoints runs so far (for tests and diagnostics).</summary>
    public long Runs { get; private set; }

    /// <summary>Runs one PASSIVE checkpoint now (also what the timer does); false if it could not run.</summary>
    public bool Checkpoint()
    {
        // A tick that comes while the previous one still runs is skipped rather than queued behind it.
        if (!_gate.TryEnter())
        {
            return false;
        }

        try
        {
            if (_disposed)
            {
                return false;
            }

            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
            Runs++;
            return true;
        }
        catch (SqliteException)
        {
            // The file is locked past the busy timeout, full, or gone: writers meet and report the same condition, and
            // the next tick tries again.
            return false;
        }
        finally
        {
            _gate.Exit();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _connection.Dispose();
        }
    }
}
