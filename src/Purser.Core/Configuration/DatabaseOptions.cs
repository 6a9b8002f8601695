namespace Purser.Configuration;

/// <summary><c>Purser:Database</c>: SQLite in the data folder by default; PostgreSQL to share it between instances.</summary>
public sealed class DatabaseOptions
{
    /// <summary>sqlite (default) or postgres.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// SQLite: a file path (default &lt;Home&gt;/purser.db). PostgreSQL: an Npgsql connection string, or
    /// <c>env:VARIABLE</c> to read it from the environment at start-up. Never printed or logged with its password.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL: how long an instance may miss its heartbeat before the budget it holds for calls in flight is
    /// released (it is taken for dead), in seconds. Default 30, at most 60.
    /// </summary>
    public int InstanceTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// PostgreSQL: how often an instance rereads the state the others change (keys, budgets, cache index, budget
    /// counters) whether or not a notice arrived, in seconds. Default 5.
    /// </summary>
    public int ResyncSeconds { get; set; } = 5;

    /// <summary>
    /// SQLite: the most the database file may grow to, in MiB (default: no limit). Past it the database refuses to
    /// grow exactly as on a full disk: the ledger sets rows aside and reports not ready (docs/RELIABILITY.md).
    /// </summary>
    public double? MaxSizeMegabytes { get; set; }

    /// <summary>
    /// SQLite: how long a statement waits for a lock another process holds (a backup, a shell, another instance)
    /// before it fails; the ledger then tries again a bounded number of times and sets its rows aside, so a locked
    /// database costs a call at most about <c>Purser:Ledger:WriteAttempts</c> times this, never an endless wait.
    /// </summary>
    public int LockTimeoutSeconds { get; set; } = 5;
}
