namespace Purser.Ledger;

/// <summary>Whether the ledger can record calls.</summary>
internal enum LedgerState
{
    /// <summary>Rows reach the database.</summary>
    Healthy,

    /// <summary>
    /// The database refuses writes (disk full, read-only, locked): rows are set aside and retried every probe. Strict
    /// durability refuses new calls meanwhile; fast durability keeps taking them while the spool can hold their rows.
    /// </summary>
    Failing,

    /// <summary>
    /// The database file was deleted or replaced while Purser ran: rows written now would be lost with the old file.
    /// Rows are set aside and every call is refused until Purser is restarted (the spool is replayed then).
    /// </summary>
    Lost,
}
