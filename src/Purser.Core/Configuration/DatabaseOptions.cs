namespace Purser.Configuration;

/// <summary><c>Purser:Database</c>: SQLite in the data folder by default; PostgreSQL to share it between instances.</summary>
public sealed class DatabaseOptions
{
    /// <summary>sqlite (default) or postgres.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite: a file path (default &lt;Home&gt;/purser.db). PostgreSQL: an Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite: the most the database file may grow to, in MiB (default: no limit). Past it the database refuses to
    /// grow exactly as on a full disk: the ledger sets rows aside and reports not ready (docs/RELIABILITY.md).
    /// </summary>
    public double? MaxSizeMegabytes { get; set; }
}
