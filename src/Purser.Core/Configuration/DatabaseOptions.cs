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
}
