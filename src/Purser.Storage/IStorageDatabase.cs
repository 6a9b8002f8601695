namespace Purser.Storage;

/// <summary>The database Purser stores into, as <c>purser stats</c> and <c>purser db status</c> describe it.</summary>
internal interface IStorageDatabase
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Provider { get; }

    /// <summary>The file path (SQLite) or host, port, database and user (PostgreSQL): never a password.</summary>
    string Location { get; }

    /// <summary>The schema version after migration.</summary>
    int SchemaVersion { get; }

    /// <summary>The database's size on disk in bytes.</summary>
    long SizeBytes();

    /// <summary>Whether the database answers now (<c>/health/ready</c>); never throws.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
